/**
 * Metric names built the same way for every harness: `<group>/<name>`, parameters
 * in parentheses (`compute(type=Caffeine, size=10)`), and `//` before a
 * submetric (`BenchmarkParse/small//allocs`), so `a//b` never clashes with a
 * benchmark called `b` in a group `a`.
 */

/** Joins the non-empty parts with `/`. */
export function joinMetric(...parts: ReadonlyArray<string | null | undefined>): string {
  return parts.filter((p): p is string => p !== undefined && p !== null && p !== '').join('/');
}

export function submetricName(metric: string, submetric: string): string {
  return `${metric}//${submetric}`;
}

/** `(n=10, kind=fast)` from named values, `(10, 'fast')` from positional ones, '' from none. */
export function formatParams(params: ReadonlyArray<readonly [string, string] | string>): string {
  if (params.length === 0) return '';
  const items = params.map((p) => (typeof p === 'string' ? p : `${p[0]}=${p[1]}`));
  return `(${items.join(', ')})`;
}

/** `com.example.Bench.method` -> `com.example.Bench/method`: the last `separator` splits group from name. */
export function splitAtLast(qualified: string, separator = '.'): string {
  const at = qualified.lastIndexOf(separator);
  if (at <= 0 || at === qualified.length - separator.length) return qualified;
  return `${qualified.slice(0, at)}/${qualified.slice(at + separator.length)}`;
}

/**
 * Names for items that may share a base name (the same benchmark in two JMH
 * modes, two asv environments, two BenchmarkDotNet jobs): a name stays plain
 * while it is unique in the output, and gets its qualifier appended only when
 * it is not, so the usual single-configuration output keeps short names.
 */
export function qualifyCollisions<T>(items: readonly T[], baseName: (item: T) => string, qualifier: (item: T) => string): string[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(baseName(item), (counts.get(baseName(item)) ?? 0) + 1);
  return items.map((item) => {
    const base = baseName(item);
    if ((counts.get(base) ?? 0) < 2) return base;
    const extra = qualifier(item);
    return extra === '' ? base : `${base} [${extra}]`;
  });
}
