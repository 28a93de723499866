/**
 * Astro writes generated modules (the notes collection among them) to .astro/
 * in the package root, so two site builds of one pitwall installation at the
 * same time would overwrite each other's. They take turns through a lock file;
 * a lock left by a dead process is taken over.
 */
import { createHash } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PitwallError } from '../../results/errors.ts';
import { isProcessAlive } from '../../results/store/lock.ts';

const LOCK_WAIT_MS = 180_000;

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}


export function siteBuildLockFile(packageRoot: string): string {
  return join(tmpdir(), `pitwall-astro-build-${createHash('sha1').update(packageRoot).digest('hex').slice(0, 12)}.lock`);
}

/** Runs `task` while holding the site build lock of this pitwall installation. */
export async function withSiteBuildLock<T>(packageRoot: string, task: () => Promise<T>, onWait?: (holder: number) => void): Promise<T> {
  const file = siteBuildLockFile(packageRoot);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt((await readFile(file, 'utf8').catch(ignoreMissing)) ?? '', 10);
      if (!Number.isFinite(holder) || holder <= 0 || !isProcessAlive(holder)) {
        await unlink(file).catch(ignoreMissing);
        continue;
      }
      if (!told) {
        onWait?.(holder);
        told = true;
      }
      if (Date.now() > deadline) {
        throw new PitwallError('SITE_BUILD_LOCKED', `Another site build (pid ${holder}) still holds "${file}" after ${LOCK_WAIT_MS / 1000} s`, {
          hint: 'Wait for it to finish, or stop it; a lock of a process that is gone is taken over by itself',
        });
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }
  try {
    return await task();
  } finally {
    await unlink(file).catch(ignoreMissing);
  }
}
