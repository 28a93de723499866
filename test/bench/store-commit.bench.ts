/**
 * Times committing one run (a 1,000-metric run file plus its log) onto a
 * results branch that already holds 1,000 and 10,000 runs, as the median over
 * 20 commits, to show the cost does not grow with the history. Also times
 * reading every run file at the tip. The history is built with native
 * `git fast-import` (setup, not measured). Target: under 100 ms per commit.
 * Run: node test/bench/store-commit.bench.ts
 */
import { fastImport } from './fast-import.ts';
import path from 'node:path';
import { openResultsRepo } from '../../results/store/repo.ts';
import { writeRun } from '../../results/store/write-run.ts';
import { readRuns } from '../../results/store/read-runs.ts';
import { initRepo, makeTempDir, removeDir, sampleRun } from '../results/store/git-fixtures.ts';

const MACHINES = 4;
const HISTORY_METRICS = 10;
const COMMIT_METRICS = 1000;
const COMMITS = 20;
const TARGET_MS = 100;
/** Two hours between runs: 10,000 runs span about 27 months, 3 runs per machine and day. */
const RUN_SPACING_MS = 2 * 3600 * 1000;
const HISTORY_START = Date.UTC(2024, 7, 1);

export interface StoreCommitBenchResult {
  historyRuns: number;
  setupSeconds: number;
  firstCommitMs: number;
  medianCommitMs: number;
  readAllSeconds: number;
}

function runTime(index: number): string {
  return new Date(HISTORY_START + index * RUN_SPACING_MS).toISOString();
}

/** Writes `runs` commits, each adding one run file and its log. */
async function importHistory(dir: string, runs: number): Promise<void> {
  await fastImport(dir, 'results', (function* () {
    for (let i = 0; i < runs; i++) {
      const run = sampleRun(`machine-${i % MACHINES}`, i, HISTORY_METRICS, 'parse', runTime(i));
      yield { time: run.run.time, message: `run ${i}`, files: [{ path: run.path, content: run.content }, { path: run.logPath, content: run.log }] };
    }
  })());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function runStoreCommitBench(historyRuns: number): Promise<StoreCommitBenchResult> {
  const dir = initRepo(path.join(makeTempDir('pitwall-bench-store-'), 'repo'));
  try {
    const setupStart = performance.now();
    await importHistory(dir, historyRuns);
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const repo = await openResultsRepo({ dir });
    const times: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      // New runs land after the history, beside its last runs, so the touched trees are full-sized.
      const index = historyRuns + i;
      const run = sampleRun(`machine-${index % MACHINES}`, index, COMMIT_METRICS, 'parse', runTime(index));
      const log = run.log.repeat(2000);
      const start = performance.now();
      await writeRun(repo, { files: [{ path: run.path, content: run.content }, { path: run.logPath, content: log }], message: `run ${index}` });
      times.push(performance.now() - start);
    }

    const readStart = performance.now();
    const runs = await readRuns(await openResultsRepo({ dir }));
    const readAllSeconds = (performance.now() - readStart) / 1000;
    if (runs.length !== historyRuns + COMMITS) throw new Error(`read ${runs.length} runs, expected ${historyRuns + COMMITS}`);
    return { historyRuns, setupSeconds, firstCommitMs: times[0] as number, medianCommitMs: median(times), readAllSeconds };
  } finally {
    removeDir(path.dirname(dir));
  }
}

if (import.meta.main) {
  const results: StoreCommitBenchResult[] = [];
  for (const history of [1000, 10_000]) {
    const r = await runStoreCommitBench(history);
    results.push(r);
    process.stdout.write(
      `store commit: ${r.historyRuns} runs in history: ${r.medianCommitMs.toFixed(1)} ms per commit (median of ${COMMITS}, first ${r.firstCommitMs.toFixed(1)} ms), ` +
        `read all ${r.historyRuns + COMMITS} run files ${r.readAllSeconds.toFixed(2)} s (setup ${r.setupSeconds.toFixed(1)} s)\n`,
    );
  }
  const [small, large] = results as [StoreCommitBenchResult, StoreCommitBenchResult];
  const ratio = large.medianCommitMs / small.medianCommitMs;
  const verdict = large.medianCommitMs <= TARGET_MS ? 'within' : 'OVER';
  process.stdout.write(`store commit: 10,000 / 1,000 runs ratio ${ratio.toFixed(2)}; ${verdict} the ${TARGET_MS} ms target\n`);
}
