/**
 * Times committing one run (a 1,000-metric run file plus its log) onto a
 * results branch that already holds 1,000 and 10,000 runs, as the median over
 * 20 commits, to show the cost does not grow with the history. Also times
 * reading every run file at the tip. The history is built with native
 * `git fast-import` (setup, not measured). Target: under 100 ms per commit.
 * Run: node test/bench/store-commit.bench.ts
 */
import { spawn } from 'node:child_process';
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

/** Writes `runs` commits, each adding one run file and its log, with git fast-import. */
async function importHistory(dir: string, runs: number): Promise<void> {
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet'], { stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited with ${code}`))));
  });
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let batch = '';
  for (let i = 0; i < runs; i++) {
    const run = sampleRun(`machine-${i % MACHINES}`, i, HISTORY_METRICS, 'parse', runTime(i));
    const seconds = Math.floor(Date.parse(run.run.time) / 1000);
    batch += `commit refs/heads/results\nmark :${i + 1}\ncommitter pitwall <pitwall@localhost> ${seconds} +0000\n${data(`run ${i}`)}`;
    if (i > 0) batch += `from :${i}\n`;
    batch += `M 100644 inline ${run.path}\n${data(run.content)}M 100644 inline ${run.logPath}\n${data(run.log)}\n`;
    if (batch.length > 1 << 20) {
      if (!child.stdin.write(batch)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      batch = '';
    }
  }
  child.stdin.end(batch);
  await done;
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
