/**
 * SiteModel -> data/runs.json (every run, no log text) and data/logs/<n>.json
 * (log text grouped into files of about LOG_SHARD_BYTES, newest runs first).
 */
import type { RunView, SiteModel } from '../../results/report/model.ts';
import { DATA_VERSION, RUN_STATUS_LIST, type LogShardFile, type RunsFile } from './data-files.ts';

const LOG_SHARD_BYTES = 200_000;
/** A longer log keeps its head and tail: the command and the failure. */
const MAX_LOG_CHARS = 100_000;
const LOG_HEAD_CHARS = 20_000;

export interface RunFiles {
  runs: RunsFile;
  logShards: LogShardFile[];
}

/** Cuts the middle out of a long log, saying how much was left out. */
export function truncateLog(text: string, max = MAX_LOG_CHARS, head = LOG_HEAD_CHARS): string {
  if (text.length <= max) return text;
  const tail = max - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n… ${cut} characters left out; the whole log is on the results branch …\n${text.slice(text.length - tail)}`;
}

export function buildRunFiles(model: SiteModel): RunFiles {
  const machines: string[] = [];
  const suites: string[] = [];
  const at = (list: string[], value: string): number => {
    let i = list.indexOf(value);
    if (i < 0) i = list.push(value) - 1;
    return i;
  };
  const logShards: LogShardFile[] = [];
  let current: LogShardFile | null = null;
  let currentBytes = 0;
  const placeLog = (run: RunView): number => {
    const text = model.logs[run.id];
    if (text === undefined) return -1;
    const kept = truncateLog(text);
    if (current === null || (currentBytes > 0 && currentBytes + kept.length > LOG_SHARD_BYTES)) {
      current = { version: DATA_VERSION, logs: {} };
      logShards.push(current);
      currentBytes = 0;
    }
    current.logs[run.id] = kept;
    currentBytes += kept.length + run.id.length;
    return logShards.length - 1;
  };
  const runs: RunsFile['runs'] = { id: [], machine: [], suite: [], commit: [], time: [], status: [], exitCode: [], durationMs: [], error: [], metrics: [], fingerprintId: [], log: [] };
  for (const run of model.runs) {
    runs.id.push(run.id);
    runs.machine.push(at(machines, run.machine));
    runs.suite.push(at(suites, run.suite));
    runs.commit.push(run.commit.slice(0, 12));
    runs.time.push(run.time);
    runs.status.push(Math.max(0, RUN_STATUS_LIST.indexOf(run.status)));
    runs.exitCode.push(run.exitCode);
    runs.durationMs.push(Math.round(run.durationMs));
    runs.error.push(run.error);
    runs.metrics.push(run.metrics);
    runs.fingerprintId.push(run.fingerprintId);
    runs.log.push(placeLog(run));
  }
  const fingerprints: RunsFile['fingerprints'] = {};
  for (const m of model.machines) fingerprints[m.name] = m.fingerprint;
  return { runs: { version: DATA_VERSION, machines, suites, fingerprints, runs }, logShards };
}
