/**
 * Writing planned runs onto the results branch in few commits, BATCH_SIZE runs
 * each, so an import of thousands of runs costs seconds and `git log results`
 * reads as one line per batch.
 */
import type { Lock } from '../../results/store/lock.ts';
import { listRunFiles } from '../../results/store/read-runs.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { writeRun } from '../../results/store/write-run.ts';
import type { PlannedRun } from './to-run-files.ts';

export const BATCH_SIZE = 200;

export interface ImportPlan {
  /** Runs whose path is not on the branch yet, in source order. */
  fresh: PlannedRun[];
  /** Runs found at their path already: imported before. */
  existing: PlannedRun[];
}

/** Splits the planned runs into those to write and those the branch holds already. */
export async function splitImported(repo: ResultsRepo, planned: readonly PlannedRun[]): Promise<ImportPlan> {
  const onBranch = new Set((await listRunFiles(repo)).map((file) => file.path));
  const plan: ImportPlan = { fresh: [], existing: [] };
  for (const run of planned) (onBranch.has(run.path) ? plan.existing : plan.fresh).push(run);
  return plan;
}

export interface WriteImportedOptions {
  /** Held by the caller for the whole import. */
  lock: Lock;
  /** The tool, as commit messages name it ("github-action-benchmark"). */
  title: string;
  /** The source as the user named it, for commit bodies. */
  source: string;
  onProgress?: (written: number, total: number) => void;
}

/**
 * Batches in run-time order, across suites: the suites of one history ran on
 * the same days, so a batch rewrites each day's folder once for all of them
 * (per-suite batches rewrote it once per suite and took 1.7 times as long).
 */
function toBatches(runs: readonly PlannedRun[]): PlannedRun[][] {
  const ordered = [...runs].sort((a, b) => (a.source.time < b.source.time ? -1 : a.source.time > b.source.time ? 1 : 0));
  const batches: PlannedRun[][] = [];
  for (let at = 0; at < ordered.length; at += BATCH_SIZE) batches.push(ordered.slice(at, at + BATCH_SIZE));
  return batches;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `import 200 runs of "Go Benchmark" from github-action-benchmark (2019-11-09 .. 2020-05-02)`,
 * or `… of 11 suites …`, with the runs per suite in the body.
 */
export function formatImportMessage(runs: readonly PlannedRun[], title: string, source: string): string {
  const suites = new Map<string, { sourceSuite: string; suite: string; runs: number }>();
  const machines = new Set<string>();
  for (const { source: run } of runs) {
    machines.add(run.machine);
    const known = suites.get(run.suite);
    if (known === undefined) suites.set(run.suite, { sourceSuite: run.sourceSuite, suite: run.suite, runs: 1 });
    else known.runs++;
  }
  const only = suites.size === 1 ? [...suites.values()][0] : undefined;
  const first = day(runs[0]?.source.time ?? '');
  const last = day(runs[runs.length - 1]?.source.time ?? '');
  const what = only === undefined ? plural(suites.size, 'suite') : JSON.stringify(only.sourceSuite);
  const subject = `import ${plural(runs.length, 'run')} of ${what} from ${title} (${first === last ? first : `${first} .. ${last}`})`;
  const body = [
    `Source: ${source}`,
    `Machine: ${[...machines].sort().join(', ')}`,
    `Commits benchmarked: ${new Set(runs.map((r) => r.source.commit)).size}`,
    'Runs per suite:',
    ...[...suites.values()].map((s) => `  ${s.suite}${s.suite === s.sourceSuite ? '' : ` (${JSON.stringify(s.sourceSuite)})`}: ${s.runs}`),
  ];
  return `${subject}\n\n${body.join('\n')}\n`;
}

/** Commits `runs` in batches under the caller's lock; returns the new commits, oldest first. */
export async function writeImported(repo: ResultsRepo, runs: readonly PlannedRun[], options: WriteImportedOptions): Promise<string[]> {
  const commits: string[] = [];
  let written = 0;
  for (const batch of toBatches(runs)) {
    const message = formatImportMessage(batch, options.title, options.source);
    const { commit } = await writeRun(repo, { files: batch.map((run) => ({ path: run.path, content: run.content })), message }, { lock: options.lock });
    commits.push(commit);
    written += batch.length;
    options.onProgress?.(written, runs.length);
  }
  return commits;
}
