/**
 * The human-readable log of a suite run, stored beside its results:
 *
 *   2026-11-24T20:06:26.123Z run 2/5 stderr| text printed by the suite
 *   2026-11-24T20:06:27.001Z run 2/5 pitwall| exit code 0 after 877 ms
 */
import { formatBytes, MAX_LOG_FILE_BYTES } from '../../results/limits.ts';
import type { LogLine, ProcessResult } from './spawn.ts';

/** Room kept for the runner's own lines once the suite's output has filled the log. */
const NOTES_RESERVE_BYTES = 64 * 1024;

export class SuiteLog {
  readonly #lines: string[] = [];
  readonly #maxBytes: number;
  #bytes = 0;
  #droppedLines = 0;
  #droppedBytes = 0;

  constructor(maxBytes = MAX_LOG_FILE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** A line the suite printed; past the log's size limit it is counted, not kept. */
  addOutput(line: LogLine): void {
    const text = formatLogLine(line);
    const bytes = Buffer.byteLength(text) + 1;
    if (this.#bytes + bytes > this.#maxBytes - NOTES_RESERVE_BYTES) {
      this.#droppedLines++;
      this.#droppedBytes += bytes;
      return;
    }
    this.#bytes += bytes;
    this.#lines.push(text);
  }

  /** A line from the runner itself. */
  addNote(label: string, text: string): void {
    const line = `${new Date().toISOString()} ${label} pitwall| ${text}`;
    this.#bytes += Buffer.byteLength(line) + 1;
    this.#lines.push(line);
  }

  toString(): string {
    const lines = this.#droppedLines === 0
      ? this.#lines
      : [...this.#lines, `${new Date().toISOString()} log pitwall| ${this.#droppedLines} more lines of output (${formatBytes(this.#droppedBytes)}) were left out: the log file is limited to ${formatBytes(this.#maxBytes)}`];
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
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
