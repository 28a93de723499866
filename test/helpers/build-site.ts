/**
 * Builds the dashboard from a SiteModel the way `pitwall build` does, but in a
 * child process (Astro keeps global state, and a test wants a clean build):
 * the model goes to a temp JSON file, Astro runs with the PITWALL_* variables.
 * Astro writes generated modules (the notes collection among them) to .astro/
 * in the package root, so builds from test files running side by side take
 * turns through a lock file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
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
    return await withBuildLock(async () => {
      const started = performance.now();
      const output = await runAstroBuild(env);
      return { outDir: resolve(options.outDir), buildMs: performance.now() - started, output };
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const LOCK_FILE = join(tmpdir(), `pitwall-astro-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`);
const LOCK_WAIT_MS = 180_000;

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `task` while holding the build lock; a lock left by a dead process is taken over. */
async function withBuildLock<T>(task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(LOCK_FILE, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt((await readFile(LOCK_FILE, 'utf8').catch(ignoreMissing)) ?? '', 10);
      if (Number.isFinite(holder) && holder > 0 && !isAlive(holder)) {
        await unlink(LOCK_FILE).catch(ignoreMissing);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another site build still holds ${LOCK_FILE} after ${LOCK_WAIT_MS / 1000} s`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }
  try {
    return await task();
  } finally {
    await unlink(LOCK_FILE).catch(ignoreMissing);
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
