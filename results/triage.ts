/**
 * Triage decisions kept on the results branch under triage/*.yaml. Analysis
 * honours them and the raw data stays as it was:
 *
 *   - action: acknowledge     # a change point is known; it no longer marks the metric as regressed
 *     metric: "parse/**"      # glob over metric names (required)
 *     commit: 1a2b3c4         # the first commit after the change (a prefix of at least 7 hex digits)
 *     note: Known cost of the new validator
 *   - action: expect          # an expected shift (baseline reset): the change is intended
 *     metric: "alloc/**"
 *     commit: 9f8e7d6
 *     note: Switched allocator
 *   - action: exclude         # leave a run out of the analysis (e.g. the machine was throttling)
 *     run: bench-1/20261124T200626Z-1a2b3c4-parse
 *     note: Thermal throttling
 *
 * Optional on every entry: `machine`, `suite` (limit the scope), `by`, `date`.
 */
import { LineCounter, parseDocument } from 'yaml';
import { UsageError } from './errors.ts';
import { compileGlob } from './metric-rules.ts';

export interface TriageEntry {
  action: 'acknowledge' | 'expect' | 'exclude';
  metric: RegExp | null;
  metricPattern: string | null;
  commit: string | null;
  run: string | null;
  machine: string | null;
  suite: string | null;
  note: string;
  by: string | null;
  date: string | null;
  source: string;
}

const KEYS = new Set(['action', 'metric', 'commit', 'run', 'machine', 'suite', 'note', 'by', 'date']);

/** A problem in a triage file, with its 1-based line and column. */
export interface TriageProblem {
  line: number;
  column: number;
  message: string;
}

/** Larger triage files are refused: decisions are a few lines each. */
export const MAX_TRIAGE_BYTES = 1024 * 1024;

/** Throws TRIAGE_INVALID listing every problem, with file, line and column. */
export function parseTriageFile(text: string, file: string): TriageEntry[] {
  const { entries, problems } = checkTriageFile(text, file);
  if (problems.length > 0) {
    throw new UsageError('TRIAGE_INVALID', `Invalid triage file "${file}":\n  ${problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n  ')}`, {
      hint: TRIAGE_HINT,
    });
  }
  return entries;
}

export const TRIAGE_HINT = 'Fix the file on the results branch, or rewrite it with "pitwall triage"';

/** The entries of a triage file and every problem in it; never throws for what the file holds. */
export function checkTriageFile(text: string, file: string): { entries: TriageEntry[]; problems: TriageProblem[] } {
  const problems: TriageProblem[] = [];
  if (Buffer.byteLength(text) > MAX_TRIAGE_BYTES) {
    problems.push({ line: 1, column: 1, message: `the file is over ${MAX_TRIAGE_BYTES / 1024} KiB; keep one file per topic, a few entries each` });
    return { entries: [], problems };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => lineCounter.linePos(offset ?? 0);
  const push = (offset: number | undefined, message: string) => {
    const pos = at(offset);
    problems.push({ line: pos.line, column: pos.col, message });
  };
  for (const error of doc.errors) push(error.pos[0], error.message.split('\n')[0] ?? error.message);
  const entries: TriageEntry[] = [];
  let data: unknown = [];
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      // An alias bomb ("a: &a [x, x]", "b: [*a, *a]", ...) makes the yaml package refuse the document.
      push(0, `cannot be read: ${(cause as Error).message}; write the entries out instead of using YAML aliases`);
      data = [];
    }
  }
  if (problems.length === 0 && data !== null && !Array.isArray(data)) push(0, 'expected a list of entries, each starting with "- action:"');
  const list = Array.isArray(data) ? data : [];
  list.forEach((raw: unknown, i: number) => {
    const node = doc.getIn([i], true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    const report = (message: string) => push(offset, message);
    if (typeof raw !== 'object' || raw === null) {
      report(`entry ${i + 1} is not a mapping`);
      return;
    }
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (!KEYS.has(key)) report(`unknown key "${key}"; the keys are ${[...KEYS].join(', ')}`);
    const str = (key: string): string | null => (typeof entry[key] === 'string' || typeof entry[key] === 'number' ? String(entry[key]) : null);
    const action = str('action');
    if (action !== 'acknowledge' && action !== 'expect' && action !== 'exclude') {
      report(`"action" is ${JSON.stringify(entry['action'])}; write acknowledge, expect or exclude`);
      return;
    }
    const metricPattern = str('metric');
    const commit = str('commit');
    const run = str('run');
    if (action === 'exclude' && run === null) report('an exclude entry needs "run" (a run id as shown by "pitwall log --json")');
    if (action !== 'exclude' && (metricPattern === null || commit === null)) report(`an ${action} entry needs "metric" (a glob) and "commit"`);
    if (commit !== null && !/^[0-9a-f]{7,40}$/.test(commit)) report(`"commit" is "${commit}"; write at least 7 hex digits of the commit`);
    entries.push({
      action,
      metric: metricPattern === null ? null : compileGlob(metricPattern),
      metricPattern,
      commit,
      run,
      machine: str('machine'),
      suite: str('suite'),
      note: str('note') ?? '',
      by: str('by'),
      date: str('date'),
      source: file,
    });
  });
  return { entries: problems.length > 0 ? [] : entries, problems };
}

/** The triage entry that covers a change point, if any. */
export function findTriage(entries: readonly TriageEntry[], change: { machine: string; suite: string; metric: string; commit: string }): TriageEntry | undefined {
  return entries.find((e) =>
    e.action !== 'exclude'
    && e.commit !== null && change.commit.startsWith(e.commit)
    && (e.metric === null || e.metric.test(change.metric))
    && (e.machine === null || e.machine === change.machine)
    && (e.suite === null || e.suite === change.suite));
}

export function excludedRuns(entries: readonly TriageEntry[]): Set<string> {
  return new Set(entries.filter((e) => e.action === 'exclude' && e.run !== null).map((e) => e.run as string));
}
