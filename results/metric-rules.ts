/**
 * Per-metric settings (direction, unit, threshold) chosen by glob over metric
 * names. Pure: the runner, the analysis and the site all apply the same rules.
 *
 * Glob syntax, kept small so that it reads the same everywhere:
 *   `*`   any run of characters within one `/`-separated segment (possibly none)
 *   `**`  a whole segment only: any number of segments. At the end (`parse/**`) it needs
 *         at least one segment; at the start or in the middle it may match none, so
 *         `**` followed by `/small` matches `small` as well as `a/b/small`
 *   every other character stands for itself, so names like `test_x[small]` match literally.
 */
import { UsageError } from './errors.ts';
import type { Direction } from './schema.ts';

export interface MetricRule {
  /** Glob over metric names: `*` within one segment, `**` across `/`. */
  match: string;
  direction: Direction | null;
  unit: string | null;
  /** Smallest relative change (0.02 = 2 %) treated as significant, or null for the default floor. */
  threshold: number | null;
}

/** Says what is wrong with a glob, or returns null when it is valid. */
export function findGlobProblem(pattern: string): string | null {
  if (pattern === '') return 'it is empty';
  // An empty segment ("files//loc", "/abs", "dir/") is a literal part of the name: metric
  // names built from paths have them, and a name given as it is must match itself.
  for (const segment of pattern.split('/')) {
    if (segment.includes('**') && segment !== '**') return `"**" must be a whole segment, as in "a/**/b", not "${segment}"`;
  }
  return null;
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

function escapeLiteral(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** Compiles a glob to an anchored RegExp. Throws UsageError INVALID_GLOB. */
export function compileGlob(pattern: string): RegExp {
  const problem = findGlobProblem(pattern);
  if (problem !== null) {
    throw new UsageError('INVALID_GLOB', `Invalid metric glob "${pattern}": ${problem}`, {
      hint: 'Write "*" for any characters within a segment and "**" for any number of segments, as in "parse/**" or "*/small"',
    });
  }
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // Not last: zero or more whole segments, each with its "/". Last: everything after the "/" already written.
      if (!last) source += '(?:.*/)?';
      else source += index === 0 ? '.*' : '.+';
      return;
    }
    source += segment.split('*').map(escapeLiteral).join('[^/]*');
    if (!last) source += '/';
  });
  return new RegExp(`^${source}$`, 'su');
}

// Rules come from one config and are applied to thousands of metrics: compile each pattern once.
const compiled = new Map<string, RegExp>();

function compileCached(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = compileGlob(pattern);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Tells whether a metric name matches a glob. Throws UsageError INVALID_GLOB for a bad glob. */
export function matchesGlob(pattern: string, metric: string): boolean {
  return compileCached(pattern).test(metric);
}

/** The first rule whose glob matches the metric (order in pitwall.yaml decides), or undefined. */
export function findMetricRule(rules: readonly MetricRule[], metric: string): MetricRule | undefined {
  return rules.find((rule) => matchesGlob(rule.match, metric));
}
