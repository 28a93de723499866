/**
 * SiteModel -> data/runs.json (an index: pages, failed runs, machines),
 * data/runs/<n>.json (pages of RUNS_PER_PAGE runs, newest first) and
 * data/logs/<n>.json (log text grouped into files of about LOG_SHARD_BYTES).
 * A history of 2,000 commits × 10 suites is 20,000 runs (~2.5 MB): the runs
 * page loads the index and the page it shows, not all of them.
 */
import type { RunView, SiteModel } from '../../results/report/model.ts';
import { DATA_VERSION, RUN_STATUS_LIST, type LogShardFile, type RunColumns, type RunsIndexFile, type RunsPageFile } from './data-files.ts';

export const RUNS_PER_PAGE = 1000;
const LOG_SHARD_BYTES = 200_000;
/** A longer log keeps its head and tail: the command and the failure. */
const MAX_LOG_CHARS = 100_000;
const LOG_HEAD_CHARS = 20_000;

export interface RunFiles {
  index: RunsIndexFile;
  pages: RunsPageFile[];
  logShards: LogShardFile[];
}

/** Cuts the middle out of a long log, saying how much was left out. */
export function truncateLog(text: string, max = MAX_LOG_CHARS, head = LOG_HEAD_CHARS): string {
  if (text.length <= max) return text;
  const tail = max - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n… ${cut} characters left out; the whole log is on the results branch …\n${text.slice(text.length - tail)}`;
}

export function createRunColumns(): RunColumns {
  return { id: [], machine: [], suite: [], commit: [], time: [], status: [], exitCode: [], durationMs: [], error: [], metrics: [], fingerprintId: [], log: [] };
}

/** Packs logs into shards in run order; returns a function giving each run's shard (-1 without a log). */
function placeLogs(model: SiteModel): { shards: LogShardFile[]; shardOf: Map<string, number> } {
  const shards: LogShardFile[] = [];
  const shardOf = new Map<string, number>();
  let bytes = 0;
  for (const run of model.runs) {
    const text = model.logs[run.id];
    if (text === undefined) continue;
    const kept = truncateLog(text);
    let current = shards[shards.length - 1];
    if (current === undefined || (bytes > 0 && bytes + kept.length > LOG_SHARD_BYTES)) {
      current = { version: DATA_VERSION, logs: {} };
      shards.push(current);
      bytes = 0;
    }
    current.logs[run.id] = kept;
    bytes += kept.length + run.id.length;
    shardOf.set(run.id, shards.length - 1);
  }
  return { shards, shardOf };
}

export function buildRunFiles(model: SiteModel): RunFiles {
  const machines: string[] = [];
  const suites: string[] = [];
  const at = (list: string[], value: string): number => {
    let i = list.indexOf(value);
    if (i < 0) i = list.push(value) - 1;
    return i;
  };
  const { shards: logShards, shardOf } = placeLogs(model);
  const push = (cols: RunColumns, run: RunView) => {
    cols.id.push(run.id);
    cols.machine.push(at(machines, run.machine));
    cols.suite.push(at(suites, run.suite));
    cols.commit.push(run.commit.slice(0, 12));
    cols.time.push(run.time);
    cols.status.push(Math.max(0, RUN_STATUS_LIST.indexOf(run.status)));
    cols.exitCode.push(run.exitCode);
    cols.durationMs.push(Math.round(run.durationMs));
    cols.error.push(run.error);
    cols.metrics.push(run.metrics);
    cols.fingerprintId.push(run.fingerprintId);
    cols.log.push(shardOf.get(run.id) ?? -1);
  };
  const pages: RunsPageFile[] = [];
  const failed = createRunColumns();
  model.runs.forEach((run, i) => {
    if (i % RUNS_PER_PAGE === 0) pages.push({ version: DATA_VERSION, first: i, runs: createRunColumns() });
    push((pages[pages.length - 1] as RunsPageFile).runs, run);
    if (run.status !== 'ok') push(failed, run);
  });
  const fingerprints: RunsIndexFile['fingerprints'] = {};
  for (const m of model.machines) fingerprints[m.name] = [m.fingerprint, ...m.earlierFingerprints];
  const index: RunsIndexFile = {
    version: DATA_VERSION,
    total: model.runs.length,
    machines,
    suites,
    fingerprints,
    pageSize: RUNS_PER_PAGE,
    pages: pages.map((p) => ({ newest: p.runs.time[0] as string, oldest: p.runs.time[p.runs.time.length - 1] as string })),
    failed,
  };
  return { index, pages, logShards };
}
