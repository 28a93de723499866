/**
 * The human-readable log of a suite run, stored beside its results:
 *
 *   2026-11-24T20:06:26.123Z run 2/5 stderr| text printed by the suite
 *   2026-11-24T20:06:27.001Z run 2/5 pitwall| exit code 0 after 877 ms
 */
import type { LogLine, ProcessResult } from './spawn.ts';

export class SuiteLog {
  readonly #lines: string[] = [];

  /** A line the suite printed. */
  addOutput(line: LogLine): void {
    this.#lines.push(formatLogLine(line));
  }

  /** A line from the runner itself. */
  addNote(label: string, text: string): void {
    this.#lines.push(`${new Date().toISOString()} ${label} pitwall| ${text}`);
  }

  toString(): string {
    return this.#lines.length === 0 ? '' : `${this.#lines.join('\n')}\n`;
  }
}

export function formatLogLine(line: LogLine): string {
  return `${line.time} ${line.label} ${line.stream}| ${line.text}`;
}

/** `exit code 0 after 877 ms`, `killed by SIGKILL after 2001 ms (timed out after 2 s)`. */
export function describeExit(result: ProcessResult, timeoutSeconds: number): string {
  const after = `after ${Math.round(result.durationMs)} ms`;
  if (result.spawnError !== null) return `could not start: ${result.spawnError.message}`;
  const how = result.signal !== null ? `killed by ${result.signal} ${after}` : `exit code ${result.exitCode} ${after}`;
  if (result.timedOut) return `${how} (timed out after ${timeoutSeconds} s)`;
  if (result.interrupted !== null) return `${how} (pitwall received ${result.interrupted})`;
  return how;
}
