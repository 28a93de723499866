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

export function parseTriageFile(text: string, file: string): TriageEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: string[] = [];
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  for (const error of doc.errors) problems.push(`${at(error.pos[0])}: ${error.message.split('\n')[0]}`);
  const entries: TriageEntry[] = [];
  const data: unknown = problems.length === 0 ? doc.toJS() : [];
  if (problems.length === 0 && data !== null && !Array.isArray(data)) problems.push(`${at(0)}: expected a list of entries, each starting with "- action:"`);
  const list = Array.isArray(data) ? data : [];
  list.forEach((raw: unknown, i: number) => {
    const node = doc.getIn([i], true) as { range?: [number, number, number] } | undefined;
    const where = at(node?.range?.[0]);
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`${where}: entry ${i + 1} is not a mapping`);
      return;
    }
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (!KEYS.has(key)) problems.push(`${where}: unknown key "${key}"; the keys are ${[...KEYS].join(', ')}`);
    const str = (key: string): string | null => (typeof entry[key] === 'string' || typeof entry[key] === 'number' ? String(entry[key]) : null);
    const action = str('action');
    if (action !== 'acknowledge' && action !== 'expect' && action !== 'exclude') {
      problems.push(`${where}: "action" is ${JSON.stringify(entry['action'])}; write acknowledge, expect or exclude`);
      return;
    }
    const metricPattern = str('metric');
    const commit = str('commit');
    const run = str('run');
    if (action === 'exclude' && run === null) problems.push(`${where}: an exclude entry needs "run" (a run id as shown by "pitwall log --json")`);
    if (action !== 'exclude' && (metricPattern === null || commit === null)) problems.push(`${where}: an ${action} entry needs "metric" (a glob) and "commit"`);
    if (commit !== null && !/^[0-9a-f]{7,40}$/.test(commit)) problems.push(`${where}: "commit" is "${commit}"; write at least 7 hex digits of the commit`);
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
  if (problems.length > 0) {
    throw new UsageError('TRIAGE_INVALID', `Invalid triage file "${file}":\n  ${problems.join('\n  ')}`, {
      hint: 'Fix the file on the results branch, or rewrite it with "pitwall triage"',
    });
  }
  return entries;
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
