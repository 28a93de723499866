/**
 * Stops a suite's process group when pitwall itself dies without the chance
 * to do it (kill -9, out of memory): a tiny shell process, outside both
 * groups, waits on a pipe from pitwall. pitwall writes "done" when the group
 * has ended; if the pipe closes without it, pitwall is gone, and the watchdog
 * sends SIGTERM to the group, then SIGKILL after the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SCRIPT = [
  'read -r word',
  '[ "$word" = done ] && exit 0',
  'kill -TERM "-$1" 2>/dev/null || exit 0',
  'sleep "$2"',
  'kill -KILL "-$1" 2>/dev/null',
  'exit 0',
].join('\n');

export interface GroupWatchdog {
  /** The group ended under pitwall's eyes: the watchdog exits without a signal. */
  release(): void;
}

/** Starts the watchdog of process group `pgid`; it never keeps pitwall's event loop alive. */
export function watchGroup(pgid: number, graceMs: number): GroupWatchdog {
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT, 'pitwall-watchdog', String(pgid), (Math.max(graceMs, 0) / 1000).toFixed(3)], {
      detached: true, stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    return { release() {} }; // without a watchdog, pitwall still stops the group itself whenever it can
  }
  child.on('error', () => {
    // A watchdog that cannot start changes nothing while pitwall lives.
  });
  child.stdin?.on('error', () => {
    // The watchdog already exited (its group was gone): nothing to tell it.
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      child.stdin?.end('done\n');
    },
  };
}
