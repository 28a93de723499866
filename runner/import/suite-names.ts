/**
 * Suite names from other tools ("C++ Benchmark", "Benchmark.js Benchmark",
 * "conda-py3.12") made into the path-safe names the results branch uses.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../results/errors.ts';
import { validateName } from '../../results/layout.ts';

const MAX_NAME = 64;

/** Spelled out rather than dropped, so "C++" and "C" stay apart. */
const SPELLED: Record<string, string> = { '+': 'p', '#': 'sharp', '&': 'and', '@': 'at' };

/** "C++ Benchmark" -> "cpp-benchmark"; "Benchmark.Net Benchmark" -> "benchmark.net-benchmark". */
export function toPathSafeName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[+#&@]/g, (c) => SPELLED[c] ?? '-')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned === '' ? 'suite' : cleaned;
}

/** Checks a --suite-prefix: it must start a valid name on its own. */
export function validateSuitePrefix(prefix: string): string {
  if (prefix !== '' && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(prefix)) {
    throw new UsageError('INVALID_SUITE_PREFIX', `Invalid suite prefix "${prefix}": use letters, digits, ".", "_" and "-" (at most 40, starting with a letter or digit)`, {
      hint: 'Write for example --suite-prefix gab-',
    });
  }
  return prefix;
}

/**
 * Path-safe names for every source name, prefixed. Names that would come out
 * the same ("C++ Benchmark" and "C-- Benchmark") each get a short hash of the
 * original, so the result does not depend on the order the source lists them in.
 */
export function assignSuiteNames(sourceNames: readonly string[], prefix: string): Map<string, string> {
  const room = MAX_NAME - prefix.length;
  const base = new Map(sourceNames.map((name) => [name, prefix + toPathSafeName(name).slice(0, room).replace(/[^a-z0-9]+$/, '')]));
  const counts = new Map<string, number>();
  for (const safe of base.values()) counts.set(safe, (counts.get(safe) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [name, safe] of base) {
    if ((counts.get(safe) ?? 0) < 2) {
      out.set(name, validateName('suite', safe));
      continue;
    }
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
    out.set(name, validateName('suite', `${safe.slice(0, MAX_NAME - 7)}-${hash}`));
  }
  return out;
}
