/** Shared by the bench tests: suite settings, temp directories, process checks. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteConfig } from '../../../runner/config/resolved.ts';

export const SUITES_DIR = fileURLToPath(new URL('../../fixtures/suites/', import.meta.url));

export function makeSuite(overrides: Partial<SuiteConfig> = {}): SuiteConfig {
  return {
    name: 'parse', command: null, script: null, repeat: 1, warmup: 0, timeoutSeconds: 30, env: {}, cwd: null, format: 'pitwall',
    ...overrides,
  };
}

/** A temporary directory removed after the test. */
export async function makeTempDir(t: { after(fn: () => Promise<void>): void }, prefix = 'pitwall-bench-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * True when the process no longer runs. A zombie counts as gone: it is dead
 * but waits for a parent (possibly an init that does not reap) to collect it.
 */
export async function isProcessGone(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** Polls until `check` holds or `ms` have passed; returns the last result. */
export async function waitFor(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}
