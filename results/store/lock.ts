/**
 * One writer at a time per git directory, across processes.
 *
 * isomorphic-git's writeRef is not compare-and-swap, so reading a branch tip and
 * moving it must not interleave with another writer. The lock is a file,
 * `<gitdir>/pitwall.lock`, created with O_EXCL and holding who owns it. A lock
 * whose owner died (same host, the process is gone or the machine rebooted) or
 * that holds garbage is taken over with a warning, so a killed process never
 * leaves anything to clean up by hand. A lock from another host cannot be
 * checked and is treated as live.
 */
import { promises as fsp, readFileSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PitwallError } from '../errors.ts';

export const LOCK_FILE = 'pitwall.lock';

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  started: string;
  purpose: string;
  /** Linux boot id, to recognise a lock left before a reboot. */
  bootId?: string;
  /** Tells this holder's file from one that replaced it. */
  token: string;
}

export interface Lock {
  readonly gitdir: string;
  readonly path: string;
  readonly owner: LockOwner;
  /** True until release() is called. */
  readonly held: boolean;
  /** Removes the lock file if it is still this holder's. Safe to call twice. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** Shown to whoever finds the lock held, e.g. "pitwall run" or "write run". */
  purpose: string;
  /** Called when a dead owner's lock or a garbage lock file is taken over. */
  onWarning?: (message: string) => void;
  /** How long to wait for a live owner; 0 (the default) fails at once with LOCKED. */
  timeoutMs?: number;
  pollMs?: number;
}

/** An unreadable lock file younger than this may still be being written. */
const WRITE_GRACE_MS = 2000;
/** The takeover guard is held for a few file operations; older means its owner died. */
const GUARD_STALE_MS = 10_000;

const heldTokens = new Map<string, string>();
let exitHookInstalled = false;

export async function acquireLock(gitdir: string, options: AcquireLockOptions): Promise<Lock> {
  const lockPath = path.join(path.resolve(gitdir), LOCK_FILE);
  const timeoutMs = options.timeoutMs ?? 0;
  const pollMs = options.pollMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const owner = createOwner(options.purpose);
    if (await tryCreate(lockPath, owner)) return holdLock(gitdir, lockPath, owner, options.onWarning);
    const state = await inspectLock(lockPath);
    if (state.kind === 'gone') continue;
    if (state.kind === 'stale') {
      await takeOver(lockPath, state.raw, state.reason, options.onWarning);
      continue;
    }
    const waitUntil = state.kind === 'unreadable' ? Math.max(deadline, state.mtimeMs + WRITE_GRACE_MS) : deadline;
    if (Date.now() >= waitUntil) throw lockedError(lockPath, state, timeoutMs);
    await sleep(Math.min(pollMs, Math.max(1, waitUntil - Date.now())));
  }
}

/** True when this process holds the lock on `gitdir` (through any Lock object). */
export function holdsRepoLock(gitdir: string): boolean {
  return heldTokens.has(path.join(path.resolve(gitdir), LOCK_FILE));
}

/** True when `lock` is held by this process for `gitdir`. */
export function holdsLock(lock: Lock, gitdir: string): boolean {
  return lock.held && path.resolve(lock.gitdir) === path.resolve(gitdir) && heldTokens.get(lock.path) === lock.owner.token;
}

function createOwner(purpose: string): LockOwner {
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), started: new Date().toISOString(), purpose, token: randomBytes(8).toString('hex') };
  const bootId = readBootId();
  if (bootId !== undefined) owner.bootId = bootId;
  return owner;
}

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new PitwallError('LOCK_FAILED', `Cannot create the lock file "${lockPath}": ${(error as Error).message}`, {
      hint: 'Check that the git directory is writable',
      cause: error,
    });
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
  } catch (error) {
    await handle.close();
    await fsp.rm(lockPath, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}

function holdLock(gitdir: string, lockPath: string, owner: LockOwner, onWarning?: (message: string) => void): Lock {
  heldTokens.set(lockPath, owner.token);
  installExitHook();
  let held = true;
  return {
    gitdir,
    path: lockPath,
    owner,
    get held() {
      return held;
    },
    async release() {
      if (!held) return;
      held = false;
      if (heldTokens.get(lockPath) === owner.token) heldTokens.delete(lockPath);
      const raw = await readOrNull(lockPath);
      if (raw !== null && parseOwner(raw)?.token === owner.token) {
        await fsp.rm(lockPath, { force: true });
      } else {
        onWarning?.(`The lock "${lockPath}" was no longer this process's when it was released; another process took it over`);
      }
    },
  };
}

type LockState =
  | { kind: 'gone' }
  | { kind: 'live'; owner: LockOwner }
  | { kind: 'foreign'; owner: LockOwner }
  | { kind: 'unreadable'; mtimeMs: number }
  | { kind: 'stale'; raw: string; reason: string };

async function inspectLock(lockPath: string): Promise<LockState> {
  let raw: string;
  let mtimeMs: number;
  try {
    const [text, stat] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath)]);
    raw = text;
    mtimeMs = stat.mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw error;
  }
  const owner = parseOwner(raw);
  if (owner === null) {
    if (Date.now() - mtimeMs < WRITE_GRACE_MS) return { kind: 'unreadable', mtimeMs };
    return { kind: 'stale', raw, reason: 'holds no readable owner' };
  }
  if (owner.hostname !== os.hostname()) return { kind: 'foreign', owner };
  const bootId = readBootId();
  if (owner.bootId !== undefined && bootId !== undefined && owner.bootId !== bootId) {
    return { kind: 'stale', raw, reason: `was left by process ${owner.pid} before the machine restarted` };
  }
  if (owner.pid === process.pid) {
    // Our own pid in a file we do not hold: an earlier process (say in a restarted container) had the same pid.
    if (heldTokens.get(lockPath) === owner.token) return { kind: 'live', owner };
    return { kind: 'stale', raw, reason: `was left by an earlier process with the same pid ${owner.pid}` };
  }
  return isProcessAlive(owner.pid) ? { kind: 'live', owner } : { kind: 'stale', raw, reason: `was left by process ${owner.pid}, which is no longer running` };
}

/**
 * Removes a stale lock file, guarded so that two processes judging the same file
 * stale cannot remove a fresh lock one of them created in between.
 */
async function takeOver(lockPath: string, staleRaw: string, reason: string, onWarning?: (message: string) => void): Promise<void> {
  const guard = `${lockPath}.takeover`;
  try {
    await fsp.writeFile(guard, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stat = await fsp.stat(guard).catch(() => null);
    if (stat !== null && Date.now() - stat.mtimeMs > GUARD_STALE_MS) await fsp.rm(guard, { force: true });
    else await sleep(10);
    return;
  }
  try {
    if ((await readOrNull(lockPath)) === staleRaw) {
      await fsp.rm(lockPath, { force: true });
      onWarning?.(`Took over the lock "${lockPath}": it ${reason}`);
    }
  } finally {
    await fsp.rm(guard, { force: true });
  }
}

function lockedError(lockPath: string, state: LockState, timeoutMs: number): PitwallError {
  const waited = timeoutMs > 0 ? ` after waiting ${Math.round(timeoutMs / 1000)} s` : '';
  if (state.kind === 'live' || state.kind === 'foreign') {
    const { owner } = state;
    const where = state.kind === 'foreign' ? ` on host "${owner.hostname}"` : '';
    return new PitwallError('LOCKED', `The results repository is locked by process ${owner.pid}${where} for "${owner.purpose}" since ${owner.started}${waited}`, {
      hint: state.kind === 'foreign'
        ? `Wait for it to finish; if no pitwall runs on "${owner.hostname}", delete "${lockPath}"`
        : 'Wait for it to finish and try again, or pass a lock timeout to wait for it',
    });
  }
  return new PitwallError('LOCKED', `The results repository is locked: "${lockPath}" is being written by another process${waited}`, {
    hint: 'Try again in a moment',
  });
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner> | null;
    if (value === null || typeof value !== 'object') return null;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string' || typeof value.token !== 'string') return null;
    return {
      pid: value.pid,
      hostname: value.hostname,
      started: typeof value.started === 'string' ? value.started : 'an unknown time',
      purpose: typeof value.purpose === 'string' ? value.purpose : 'an unknown purpose',
      token: value.token,
      ...(typeof value.bootId === 'string' ? { bootId: value.bootId } : {}),
    };
  } catch {
    return null;
  }
}

/** True while a process with this pid exists on this machine (even if another user owns it). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

let bootIdCache: string | null | undefined;

function readBootId(): string | undefined {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache ?? undefined;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A process that exits normally while holding a lock removes it; a killed one is detected as dead later. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [lockPath, token] of heldTokens) {
      try {
        if (parseOwner(readFileSync(lockPath, 'utf8'))?.token === token) unlinkSync(lockPath);
      } catch {
        // Exiting: nothing left to report to, and a leftover lock is taken over later.
      }
    }
  });
}
