/**
 * Stops a suite's process group when pitwall itself dies without the chance
 * to do it (kill -9, out of memory): a tiny shell process, outside both
 * groups, waits on a pipe from pitwall. It is started before the suite, so
 * its start-up does not run beside the measurement; pitwall then tells it the
 * group, and writes "done" when the group has ended. If the pipe closes
 * without "done", pitwall is gone: the watchdog sends SIGTERM to the group,
 * then SIGKILL after the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SCRIPT = [
  'read -r group || exit 0',
  'read -r word',
  '[ "$word" = done ] && exit 0',
  'kill -TERM "-$group" 2>/dev/null || exit 0',
  'sleep "$1"',
  'kill -KILL "-$group" 2>/dev/null',
  'exit 0',
].join('\n');

export interface GroupWatchdog {
  /** The group to stop if pitwall dies. */
  watch(pgid: number): void;
  /** The group ended under pitwall's eyes (or never started): the watchdog exits without a signal. */
  release(): void;
}

/** Starts a watchdog; it never keeps pitwall's event loop alive. */
export function startWatchdog(graceMs: number): GroupWatchdog {
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT, 'pitwall-watchdog', (Math.max(graceMs, 0) / 1000).toFixed(3)], {
      detached: true, stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    return { watch() {}, release() {} }; // without a watchdog, pitwall still stops the group itself whenever it can
  }
  child.on('error', () => {
    // A watchdog that cannot start changes nothing while pitwall lives.
  });
  child.stdin?.on('error', () => {
    // The watchdog already exited: nothing to tell it.
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let released = false;
  return {
    watch(pgid) {
      if (!released) child.stdin?.write(`${pgid}\n`);
    },
    release() {
      if (released) return;
      released = true;
      child.stdin?.end('done\n');
    },
  };
}
