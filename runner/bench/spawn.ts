/**
 * Runs one process of a bench script: its own process group, a timeout that
 * kills the whole group (grandchildren included), output captured line by line
 * with timestamps, and a cap on what is kept in memory.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startWatchdog } from './group-watchdog.ts';
import { createLineSplitter } from './line-splitter.ts';
import { findTaggedProcesses, isGroupAlive, type TaggedProcess } from './process-group.ts';

export interface LogLine {
  /** When the line arrived, ISO 8601 UTC. */
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
  /** Which process run printed it, e.g. "run 2/5". */
  label: string;
}

export interface RunProcessOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child (nothing is inherited implicitly). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  label: string;
  /** Called for every line, also for lines past the storage cap. */
  onLine?: (line: LogLine) => void;
  /** Time between SIGTERM and SIGKILL when stopping the group. Default 2000. */
  killGraceMs?: number;
  /** Output kept in `lines`, in bytes. Default 2 MiB. */
  maxOutputBytes?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The signal the parent received while the process ran, which stopped it. */
  interrupted: NodeJS.Signals | null;
  /** Why the process could not be started (ENOENT, EACCES, ...), or null. */
  spawnError: NodeJS.ErrnoException | null;
  /** From start to exit of the process itself, not of leftover children. */
  durationMs: number;
  lines: LogLine[];
  /** Output bytes not kept in `lines` because of `maxOutputBytes`. */
  droppedBytes: number;
  /** Processes of the group were still running after the process exited, and were stopped. */
  killedLeftovers: boolean;
  /** Processes it started that left its process group (setsid) and still ran once it ended; they were killed. */
  escaped: TaggedProcess[];
}

/**
 * Set in the environment of every process run, with a value of its own: the
 * processes that carry it are the run's, also those that left its process group.
 */
export const PROCESS_TAG_ENV = 'PITWALL_PROCESS_TAG';

export const DEFAULT_KILL_GRACE_MS = 2000;
export const DEFAULT_MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;
const PARENT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Starts `file` in a new process group and resolves once it has exited and its
 * output is read. Never rejects for the child's sake: a failure to start is
 * `spawnError`.
 *
 * If the parent gets SIGINT or SIGTERM meanwhile, the group is stopped; then,
 * when no other listener handles that signal, it is raised again so the parent
 * ends as it would have without this function.
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const lines: LogLine[] = [];
  let storedBytes = 0;
  let droppedBytes = 0;
  const result: ProcessResult = {
    exitCode: null, signal: null, timedOut: false, interrupted: null, spawnError: null,
    durationMs: 0, lines, droppedBytes: 0, killedLeftovers: false, escaped: [],
  };
  const tag = randomUUID();

  return new Promise((resolve) => {
    // If pitwall dies without stopping the group (kill -9), the watchdog does.
    const watchdog = startWatchdog(graceMs);
    const start = performance.now();
    const child = spawn(options.file, [...options.args], {
      cwd: options.cwd, env: { ...options.env, [PROCESS_TAG_ENV]: tag }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) watchdog.watch(pid);
    let exited = false;
    let finished = false;
    let killTimer: NodeJS.Timeout | undefined;
    let stdioTimer: NodeJS.Timeout | undefined;

    const signalGroup = (signal: NodeJS.Signals): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    };
    const terminateGroup = (): void => {
      if (killTimer !== undefined) return;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    };
    const onParentSignal = (signal: NodeJS.Signals): void => {
      // A second signal means "now": skip the grace period.
      if (result.interrupted !== null) signalGroup('SIGKILL');
      result.interrupted = signal;
      terminateGroup();
    };
    for (const signal of PARENT_SIGNALS) process.on(signal, onParentSignal);
    const timeoutTimer = setTimeout(() => {
      result.timedOut = true;
      terminateGroup();
    }, Math.min(Math.max(options.timeoutMs, 0), MAX_TIMER_MS));

    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timeoutTimer);
      clearTimeout(stdioTimer);
      const settle = (): void => {
        clearTimeout(killTimer);
        watchdog.release();
        // What is still running with the run's tag left the group: it would skew the next run, so it is stopped and told.
        if (pid !== undefined) result.escaped = killEscaped(findTaggedProcesses(PROCESS_TAG_ENV, tag, pid));
        for (const signal of PARENT_SIGNALS) process.off(signal, onParentSignal);
        result.droppedBytes = droppedBytes;
        resolve(result);
        const signal = result.interrupted;
        if (signal !== null && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      // Leftovers that closed their output may still be alive: give them the rest of the grace, then SIGKILL.
      if (killTimer !== undefined && isGroupAlive(pid)) {
        clearTimeout(killTimer);
        killTimer = setTimeout(() => {
          signalGroup('SIGKILL');
          settle();
        }, graceMs);
      } else {
        settle();
      }
    };

    const capture = (stream: 'stdout' | 'stderr') => (text: string): void => {
      const line: LogLine = { time: new Date().toISOString(), stream, text, label: options.label };
      const bytes = Buffer.byteLength(text) + 1;
      if (storedBytes + bytes <= maxBytes) {
        storedBytes += bytes;
        lines.push(line);
      } else {
        droppedBytes += bytes;
      }
      options.onLine?.(line);
    };
    const out = createLineSplitter(capture('stdout'));
    const err = createLineSplitter(capture('stderr'));
    child.stdout.on('data', (chunk: Buffer) => out.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.write(chunk));

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (pid !== undefined) return; // errors of a running child (a failed kill) change nothing here
      result.spawnError = error;
      result.durationMs = performance.now() - start;
      finish();
    });
    child.on('exit', (code, signal) => {
      exited = true;
      result.durationMs = performance.now() - start;
      result.exitCode = code;
      result.signal = signal;
      clearTimeout(timeoutTimer);
      // Background processes the script left behind would skew the next run and hold the pipes open.
      if (isGroupAlive(pid)) {
        if (killTimer === undefined) result.killedLeftovers = true;
        terminateGroup();
      }
      // A process that left the group (setsid) can hold the pipes open forever: stop waiting for it.
      stdioTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, graceMs + 1000);
    });
    child.on('close', () => {
      out.end();
      err.end();
      if (exited) finish();
    });
  });
}

function killEscaped(processes: TaggedProcess[]): TaggedProcess[] {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return processes;
}
