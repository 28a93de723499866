/**
 * results branch -> site model (results/report) -> Astro build. Shared by
 * `pitwall build` and the demo.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openResultsRepo } from '../../results/store/repo.ts';
import { readHistory } from '../../results/store/read-history.ts';
import git from 'isomorphic-git';
import { readTextAt } from '../../results/store/read-runs.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { History } from '../../results/store/read-history.ts';
import { formatInputProblem } from '../../results/report/input-problems.ts';
import { describeSkipped, readSiteInputs, toInputProblem } from './site-inputs.ts';
import { noiseWarnings } from '../bench/fingerprint.ts';
import { buildSiteModel } from '../../results/report/build-model.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { withSiteBuildLock } from './site-build-lock.ts';
import { buildQueueViews } from '../queue/queue-view.ts';

export interface BuildSiteOptions {
  repoDir: string;
  outDir: string;
  config: ResolvedConfig;
  /** URL path the site is served under, e.g. "/parser/" on GitHub Pages. */
  base: string;
  onProgress: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Logs shown on the site: the newest runs and every failed one, so the data stays small. */
const RECENT_LOGS = 300;
const MAX_LOGS = 1000;

async function readLogs(repo: ResultsRepo, history: History): Promise<Map<string, string>> {
  const byTime = history.runs.map((r) => r.run).filter((r) => r.log !== null).sort((a, b) => (a.time < b.time ? 1 : -1));
  const chosen = [...byTime.slice(0, RECENT_LOGS), ...byTime.slice(RECENT_LOGS).filter((r) => r.status !== 'ok')].slice(0, MAX_LOGS);
  const logs = new Map<string, string>();
  for (const run of chosen) {
    const text = await readTextAt(repo, run.log as string);
    if (text !== null) logs.set(run.run, text);
  }
  return logs;
}

/** Web address for commit links: GitHub Actions tells it; otherwise an https origin remote. */
async function findRepoUrl(repo: ResultsRepo, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (env['GITHUB_SERVER_URL'] && env['GITHUB_REPOSITORY']) return `${env['GITHUB_SERVER_URL']}/${env['GITHUB_REPOSITORY']}`;
  const url: unknown = await git.getConfig({ fs: repo.fs, gitdir: repo.gitdir, path: 'remote.origin.url' });
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return null;
  return url.replace(/\.git$/, '').replace(/\/\/[^@/]+@/, '//');
}

export interface BuildSiteResult {
  outDir: string;
  series: number;
  runs: number;
  changes: number;
  seconds: number;
}

/**
 * Vite resolves the packages of the prerendering step from the working
 * directory; outside pitwall's folder it would not find Astro's own
 * dependencies. Every path is absolute by now, so the build runs from there.
 */
async function buildInPackageRoot<T>(task: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    return await task();
  } finally {
    process.chdir(previous);
  }
}

export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const { config, onProgress } = options;
  const repo = await openResultsRepo({ dir: options.repoDir, branch: config.branch });
  const history = await readHistory(repo, {
    mainBranch: config.mainBranch,
    onProgress: (done, total) => { if (done === total) onProgress(`read ${total} runs in ${elapsed()}`); },
  });
  // One bad note or triage file must not stop the build: it is left out, told here and shown on the site.
  const inputs = await readSiteInputs(repo, options.repoDir, config);
  const { notes, triage } = inputs;
  const problems = [...(history.skipped ?? []).map(toInputProblem), ...inputs.problems];
  for (const problem of problems) onProgress(`warning: ${formatInputProblem(problem)} (${describeSkipped(problem)})`);
  const model = buildSiteModel(history, {
    title: config.site.title,
    rules: config.metrics,
    triage,
    notes,
    inputProblems: problems,
    logs: await readLogs(repo, history),
    machineWarnings: noiseWarnings,
    repoUrl: await findRepoUrl(repo, options.env ?? process.env),
    now: new Date(),
  });
  const queue = await buildQueueViews(repo, options.repoDir, config);
  if (queue !== null) model.queue = queue;
  onProgress(`analysed ${model.series.length} series over ${history.mainOrder.length} commits: ${model.changes.length} change points (${elapsed()})`);
  const work = await mkdtemp(join(tmpdir(), 'pitwall-site-'));
  try {
    const modelFile = join(work, 'model.json');
    await writeFile(modelFile, JSON.stringify(model));
    const notesDir = join(work, 'notes');
    await mkdir(notesDir);
    // Rendered as Markdown whatever the extension (see prepareNote): no MDX syntax error can stop the build.
    for (const note of notes) await writeFile(join(notesDir, note.name.replace(/\.mdx?$/, '.md')), note.text);
    const outDir = resolve(options.outDir);
    process.env['PITWALL_SITE_MODEL'] = modelFile;
    process.env['PITWALL_NOTES_DIR'] = notesDir;
    process.env['PITWALL_BASE'] = options.base;
    if (config.site.url !== null) process.env['PITWALL_SITE_URL'] = config.site.url;
    else delete process.env['PITWALL_SITE_URL'];
    process.env['PITWALL_OUT_DIR'] = outDir;
    process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
    process.env['PITWALL_CACHE_DIR'] = join(work, 'cache');
    const { build } = await import('astro');
    await withSiteBuildLock(PACKAGE_ROOT, () => buildInPackageRoot(() => build({ root: PACKAGE_ROOT, outDir, base: options.base, logLevel: 'warn' })), (pid) => onProgress(`waiting for another site build (pid ${pid})`));
    const seconds = (performance.now() - started) / 1000;
    onProgress(`site written to ${outDir} in ${seconds.toFixed(1)} s`);
    return { outDir, series: model.series.length, runs: model.runs.length, changes: model.changes.length, seconds };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
