/**
 * Shared by the demo tests: a sample repository in a temp directory, commit
 * trees checked out beside it, and real runs of its bench suite.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSampleRepo } from '../../../runner/demo/create-sample-repo.ts';
import type { SampleRepo } from '../../../runner/demo/create-sample-repo.ts';
import { checkoutCommit } from '../../../runner/bench/checkout.ts';
import { parseBenchOutput } from '../../../runner/bench/contract.ts';
import type { BenchMeasurement } from '../../../runner/bench/contract.ts';

const execFileAsync = promisify(execFile);

export interface SampleFixture {
  root: string;
  repo: SampleRepo;
  /** Checks the tree of a commit out into a fresh directory under root. */
  checkout(commit: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createSampleFixture(): Promise<SampleFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pitwall-demo-test-'));
  const repo = await createSampleRepo(path.join(root, 'repo'));
  const cache = {};
  return {
    root,
    repo,
    checkout: async (commit) => (await checkoutCommit({ dir: repo.dir, rev: commit, cache, root: path.join(root, 'trees') })).dir,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Runs bench/run.mjs of a checked-out tree once, as the runner does: `<script> <repoDir> <outFile>`. */
export async function runSampleBench(treeDir: string): Promise<{ text: string; measurements: BenchMeasurement[]; problems: string[] }> {
  const outFile = path.join(treeDir, `bench-${process.hrtime.bigint()}.jsonl`);
  await execFileAsync(process.execPath, [path.join(treeDir, 'bench', 'run.mjs'), treeDir, outFile], { cwd: treeDir, timeout: 60_000 });
  const text = await readFile(outFile, 'utf8');
  await rm(outFile);
  const parsed = parseBenchOutput(text, outFile);
  return { text, measurements: parsed.measurements, problems: parsed.problems.map((p) => `line ${p.line}: ${p.message}`) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Per metric: the fastest sample of all runs, and the median of the runs' medians. */
export interface TreeFigures {
  best: Map<string, number>;
  median: Map<string, number>;
}

/**
 * Runs the suite of each tree `rounds` times, interleaved so that a busy spell
 * of the machine hits every tree alike. Deterministic metrics give their value.
 */
export async function measureTrees(trees: readonly string[], rounds: number): Promise<TreeFigures[]> {
  const runs = trees.map(() => new Map<string, { samples: number[]; medians: number[] }>());
  for (let round = 0; round < rounds; round++) {
    for (const [i, tree] of trees.entries()) {
      const { measurements, problems } = await runSampleBench(tree);
      if (problems.length > 0) throw new Error(`bench output of ${tree} is invalid:\n${problems.join('\n')}`);
      for (const m of measurements) {
        const samples = m.samples ?? [m.value ?? NaN];
        const byMetric = runs[i];
        const entry = byMetric?.get(m.metric) ?? { samples: [], medians: [] };
        entry.samples.push(...samples);
        entry.medians.push(median(samples));
        byMetric?.set(m.metric, entry);
      }
    }
  }
  return runs.map((byMetric) => ({
    best: new Map([...byMetric].map(([metric, { samples }]) => [metric, Math.min(...samples)])),
    median: new Map([...byMetric].map(([metric, { medians }]) => [metric, median(medians)])),
  }));
}

/** Native git is optional for pitwall; tests that use it to cross-check skip without it. */
export function findNativeGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
