/**
 * Builds the dashboard from a SiteModel the way `pitwall build` does, but in a
 * child process (Astro keeps global state, and a test wants a clean build):
 * the model goes to a temp JSON file, Astro runs with the PITWALL_* variables.
 * Astro writes generated modules (the notes collection among them) to .astro/
 * in the package root, so builds from test files running side by side take
 * turns through a lock file.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { withSiteBuildLock } from '../../runner/pipeline/site-build-lock.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteModel } from '../../results/report/model.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BuildSiteOptions {
  model: SiteModel;
  outDir: string;
  /** URL path the site is served under; default "/". */
  base?: string;
  /** MDX note files to put in PITWALL_NOTES_DIR; none leaves the variable unset. */
  notes?: { name: string; text: string }[];
}

export interface BuiltSite {
  outDir: string;
  /** Wall time of the Astro build, in milliseconds. */
  buildMs: number;
  /** Astro's output, for a failure message. */
  output: string;
}

/** Runs `astro build` on the model; rejects with the build output when Astro fails. */
export async function buildSite(options: BuildSiteOptions): Promise<BuiltSite> {
  const work = await mkdtemp(join(tmpdir(), 'pitwall-site-build-'));
  try {
    const modelFile = join(work, 'model.json');
    await writeFile(modelFile, JSON.stringify(options.model));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PITWALL_SITE_MODEL: modelFile,
      PITWALL_OUT_DIR: resolve(options.outDir),
      PITWALL_BASE: options.base ?? '/',
      // Builds running side by side must not share Astro's cache.
      PITWALL_CACHE_DIR: join(work, 'cache'),
      ASTRO_TELEMETRY_DISABLED: '1',
      TZ: 'UTC',
    };
    delete env['PITWALL_NOTES_DIR'];
    if (options.notes !== undefined) {
      const notesDir = join(work, 'notes');
      await mkdir(notesDir);
      for (const note of options.notes) await writeFile(join(notesDir, note.name), note.text);
      env['PITWALL_NOTES_DIR'] = notesDir;
    }
    return await withSiteBuildLock(REPO_ROOT, async () => {
      const started = performance.now();
      const output = await runAstroBuild(env);
      return { outDir: resolve(options.outDir), buildMs: performance.now() - started, output };
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function runAstroBuild(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/node'), ['node_modules/astro/bin/astro.mjs', 'build'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new Error(`astro build exited with code ${code}:\n${output}`));
    });
  });
}
