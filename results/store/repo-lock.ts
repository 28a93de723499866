/**
 * Holding the repository lock around a short read-tip / move-ref section, or
 * trusting the caller's lock when it already holds one for longer.
 *
 * The lock belongs to the process: when this process holds it already (a whole
 * `pitwall run` or `pitwall push` does), store functions run under it instead of
 * waiting for themselves. That process is then the one writer and runs its
 * store calls one after another.
 */
import { PitwallError } from '../errors.ts';
import { acquireLock, holdsLock, holdsRepoLock, type Lock } from './lock.ts';
import type { ResultsRepo } from './repo.ts';

export interface RepoLockOptions {
  /** The caller holds the lock on this repository; checked, throws LOCK_NOT_HELD when it does not. */
  locked?: boolean;
  /**
   * A lock the caller already holds on this repository (a whole `pitwall run`
   * holds one). Without it the lock is taken just for the ref update.
   */
  lock?: Lock;
  /**
   * How long to wait for another holder. Defaults to 10 s: other writers hold
   * the lock for milliseconds, unless a whole run holds it.
   */
  lockTimeoutMs?: number;
  /** Receives warnings such as a dead process's lock being taken over. */
  onWarning?: (message: string) => void;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** Git directories locked right now by withRepoLock itself, not by a caller. */
const shortLived = new Set<string>();

/** Runs `action` holding the repository lock: the caller's when it passes one, else a short-lived one. */
export async function withRepoLock<T>(
  repo: ResultsRepo,
  purpose: string,
  options: RepoLockOptions,
  action: () => Promise<T>,
): Promise<T> {
  if (options.lock !== undefined) {
    if (!holdsLock(options.lock, repo.gitdir)) {
      throw new PitwallError('LOCK_NOT_HELD', `Cannot ${purpose}: the lock passed in is not held on "${repo.gitdir}"`, {
        hint: 'Pass the lock returned by acquireLock() for this repository, before releasing it',
      });
    }
    return await action();
  }
  if (holdsRepoLock(repo.gitdir) && !shortLived.has(repo.gitdir)) return await action();
  if (options.locked === true) {
    throw new PitwallError('LOCK_NOT_HELD', `Cannot ${purpose}: the caller said it holds the lock on "${repo.gitdir}", but this process does not`, {
      hint: 'Take the lock with acquireLock() first, or leave "locked" unset to take it just for this call',
    });
  }
  const lock = await acquireLock(repo.gitdir, {
    purpose,
    timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    pollMs: 20,
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
  });
  shortLived.add(repo.gitdir);
  try {
    return await action();
  } finally {
    shortLived.delete(repo.gitdir);
    await lock.release();
  }
}
