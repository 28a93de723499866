/**
 * results branch -> site model (results/report) -> Astro build. Shared by
 * `pitwall build` and the demo.
 */
import { mkdtemp, rm, writeFile, mkdir, readdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openResultsRepo } from '../../results/store/repo.ts';
import { readHistory } from '../../results/store/read-history.ts';
import { readNoteFiles } from '../../results/store/read-notes.ts';
import { buildSiteModel } from '../../results/report/build-model.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

export interface BuildSiteOptions {
  repoDir: string;
  outDir: string;
  config: ResolvedConfig;
  /** URL path the site is served under, e.g. "/parser/" on GitHub Pages. */
  base: string;
  onProgress: (text: string) => void;
}

export interface BuildSiteResult {
  outDir: string;
  series: number;
  runs: number;
  changes: number;
  seconds: number;
}

/** Copies notes from the results branch and from the configured folder of the repository into one folder. */
async function gatherNotes(repoDir: string, config: ResolvedConfig, notesFromBranch: { name: string; text: string }[], into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  for (const note of notesFromBranch) await writeFile(join(into, note.name), note.text);
  if (config.site.notes === null) return;
  const folder = resolve(repoDir, config.site.notes);
  let names: string[] = [];
  try {
    names = await readdir(folder);
  } catch {
    return; // a configured folder that does not exist yet just has no notes
  }
  for (const name of names) if (name.endsWith('.mdx') || name.endsWith('.md')) await copyFile(join(folder, name), join(into, name));
}

export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const started = performance.now();
  const { config, onProgress } = options;
  const repo = await openResultsRepo({ dir: options.repoDir, branch: config.branch });
  const history = await readHistory(repo, {
    mainBranch: config.mainBranch,
    onProgress: (done, total) => { if (done === total) onProgress(`read ${total} runs (${done} files)`); },
  });
  const notes = await readNoteFiles(repo);
  const model = buildSiteModel(history, {
    title: config.site.title,
    rules: config.metrics,
    notes,
    now: new Date(),
  });
  onProgress(`analysed ${model.series.length} series over ${history.mainOrder.length} commits: ${model.changes.length} change points`);
  const work = await mkdtemp(join(tmpdir(), 'pitwall-site-'));
  try {
    const modelFile = join(work, 'model.json');
    await writeFile(modelFile, JSON.stringify(model));
    const notesDir = join(work, 'notes');
    await gatherNotes(options.repoDir, config, notes, notesDir);
    const outDir = resolve(options.outDir);
    process.env['PITWALL_SITE_MODEL'] = modelFile;
    process.env['PITWALL_NOTES_DIR'] = notesDir;
    process.env['PITWALL_BASE'] = options.base;
    process.env['PITWALL_OUT_DIR'] = outDir;
    process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
    const { build } = await import('astro');
    await build({ root: PACKAGE_ROOT, outDir, base: options.base, logLevel: 'warn' });
    const seconds = (performance.now() - started) / 1000;
    onProgress(`site written to ${outDir} in ${seconds.toFixed(1)} s`);
    return { outDir, series: model.series.length, runs: model.runs.length, changes: model.changes.length, seconds };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
