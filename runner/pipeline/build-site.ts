/**
 * results branch -> site model (results/report) -> Astro build. Shared by
 * `pitwall build` and the demo.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { closeSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openResultsRepo } from '../../results/store/repo.ts';
import { defaultCacheDir, lockSeriesCache, readSeriesHistory, type SeriesHistory } from '../../results/store/read-series-history.ts';
import { openAnalysisCache } from '../../results/store/analysis-cache-file.ts';
import { PitwallError } from '../../results/errors.ts';
import type { SeriesDetail, SiteModel } from '../../results/report/model.ts';
import git from 'isomorphic-git';
import type { NoteSource } from '../../results/report/notes.ts';
import { formatInputProblem } from '../../results/report/input-problems.ts';
import { describeSkipped, readSiteInputs, toInputProblem } from './site-inputs.ts';
import { readTextAt } from '../../results/store/read-runs.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { RunRecord } from '../../results/schema.ts';
import { noiseWarnings } from '../bench/fingerprint.ts';
import { buildSiteModel } from '../../results/report/build-model.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { withSiteBuildLock } from './site-build-lock.ts';
import { createAnalysisPool } from './analysis-pool.ts';
import { buildQueueViews } from '../queue/queue-view.ts';

export interface BuildSiteOptions {
  repoDir: string;
  outDir: string;
  config: ResolvedConfig;
  /** URL path the site is served under, e.g. "/parser/" on GitHub Pages. */
  base: string;
  onProgress: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Folder of the derived cache (series columns, analyses); default `<gitdir>/pitwall-cache`. */
  cacheDir?: string;
  /** The build's time, shown on the site; default now. */
  now?: Date;
}

/** Logs shown on the site: the newest runs and every failed one, so the data stays small. */
const RECENT_LOGS = 300;
const MAX_LOGS = 1000;

async function readLogs(repo: ResultsRepo, runs: readonly RunRecord[]): Promise<Map<string, string>> {
  const byTime = runs.filter((r) => r.log !== null).sort((a, b) => (a.time < b.time ? 1 : -1));
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

/** Details of each series as JSON Lines, written as the model is built, for the site build to stream. */
function openDetailsWriter(file: string): { write: (detail: SeriesDetail) => void; close: () => void } {
  const fd = openSync(file, 'w');
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (pending.length > 0) writeSync(fd, pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  return {
    write(detail) {
      const line = `${JSON.stringify(detail)}\n`;
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars > 1 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

interface ModelStep {
  model: SiteModel;
  notes: NoteSource[];
  history: SeriesHistory;
  analysed: { hits: number; misses: number };
}

async function buildModel(repo: ResultsRepo, options: BuildSiteOptions, cacheDir: string, detailsFile: string, elapsed: () => string): Promise<ModelStep> {
  const { config, onProgress } = options;
  let lastReport = performance.now();
  const history = await readSeriesHistory(repo, {
    mainBranch: config.mainBranch,
    cacheDir,
    onProgress: (done, total) => {
      // A cold read of a long history takes a while: say how far it is every few seconds.
      if (done === total) onProgress(`read ${total} runs (${elapsed()})`);
      else if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        onProgress(`reading runs: ${done} of ${total} (${elapsed()})`);
      }
    },
  });
  if (history.stats.rebuilt !== null) onProgress(`series cache rebuilt: ${history.stats.rebuilt}`);
  onProgress(`${history.stats.parsed} runs parsed, ${history.stats.fromCache} from the cache in ${cacheDir}`);
  // One bad note, triage or results file must not stop the build: it is left out, told here and shown on the site.
  const inputs = await readSiteInputs(repo, options.repoDir, config);
  const { notes, triage } = inputs;
  const problems = [...history.stats.skipped.map(toInputProblem), ...inputs.problems];
  for (const problem of problems) onProgress(`warning: ${formatInputProblem(problem)} (${describeSkipped(problem)})`);
  const analysisCache = openAnalysisCache(cacheDir);
  const details = openDetailsWriter(detailsFile);
  const pool = createAnalysisPool();
  let model: SiteModel;
  try {
    model = await buildSiteModel(history, {
      title: config.site.title,
      rules: config.metrics,
      triage,
      notes,
      inputProblems: problems,
      logs: await readLogs(repo, history.runs),
      machineWarnings: noiseWarnings,
      repoUrl: await findRepoUrl(repo, options.env ?? process.env),
      now: options.now ?? new Date(),
      analysisCache,
      analyze: pool.analyze,
    }, details.write);
  } finally {
    details.close();
    await pool.close();
  }
  analysisCache.save();
  const queue = await buildQueueViews(repo, options.repoDir, config);
  if (queue !== null) model.queue = queue;
  return { model, notes, history, analysed: { hits: analysisCache.hits, misses: analysisCache.misses } };
}

export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;
  const { config, onProgress } = options;
  const repo = await openResultsRepo({ dir: options.repoDir, branch: config.branch });
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir(repo) : resolve(options.cacheDir);
  const lock = await lockSeriesCache(cacheDir, 'pitwall build', onProgress);
  const work = await mkdtemp(join(tmpdir(), 'pitwall-site-'));
  try {
    const detailsFile = join(work, 'details.jsonl');
    let step: ModelStep;
    try {
      step = await buildModel(repo, options, cacheDir, detailsFile, elapsed);
    } catch (error) {
      if (!(error instanceof PitwallError) || error.code !== 'SERIES_CACHE_CORRUPT') throw error;
      onProgress(`${error.message}; rebuilding it from the results branch`);
      // Without its manifest the cache starts empty (the lock file beside it stays).
      await rm(join(cacheDir, 'manifest.json'), { force: true });
      await rm(join(cacheDir, 'series'), { recursive: true, force: true });
      step = await buildModel(repo, options, cacheDir, detailsFile, elapsed);
    }
    const { model, notes, history, analysed } = step;
    onProgress(`analysed ${model.series.length} series over ${history.mainOrder.length} commits (${analysed.misses} computed, ${analysed.hits} from the cache): ${model.changes.length} change points (${elapsed()})`);
    const modelFile = join(work, 'model.json');
    await writeFile(modelFile, JSON.stringify(model));
    const notesDir = join(work, 'notes');
    await mkdir(notesDir);
    // Rendered as Markdown whatever the extension (see prepareNote): no MDX syntax error can stop the build.
    for (const note of notes) await writeFile(join(notesDir, note.name.replace(/\.mdx?$/, '.md')), note.text);
    const outDir = resolve(options.outDir);
    process.env['PITWALL_SITE_MODEL'] = modelFile;
    process.env['PITWALL_SITE_DETAILS'] = detailsFile;
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
    onProgress(`site written to ${outDir} (${elapsed()})`);
    return { outDir, series: model.series.length, runs: model.runs.length, changes: model.changes.length, seconds };
  } finally {
    await rm(work, { recursive: true, force: true });
    await lock.release();
  }
}
