/**
 * Errors for harness output an adapter cannot read. They are usage errors: the
 * fix is in the suite (its command, its format) or in the file, not in pitwall.
 */
import { UsageError } from '../../results/errors.ts';

/** Where in the output the problem is: a line (text, or JSON syntax) or a JSON path. */
export interface OutputLocation {
  line?: number;
  column?: number;
  /** A JSON path such as `benchmarks[2].real_time`. */
  path?: string;
}

export class AdapterError extends UsageError {
  readonly format: string;
  readonly source: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: string | undefined;

  constructor(code: string, format: string, source: string, where: OutputLocation, message: string, hint: string) {
    super(code, message, { hint });
    this.name = 'AdapterError';
    this.format = format;
    this.source = source;
    this.line = where.line;
    this.column = where.column;
    this.path = where.path;
  }
}

const PREVIEW_LENGTH = 80;

/** Quotes a piece of the output for a message, shortened so one bad line cannot flood the terminal. */
export function previewText(text: string): string {
  const trimmed = text.trim();
  return JSON.stringify(trimmed.length > PREVIEW_LENGTH ? `${trimmed.slice(0, PREVIEW_LENGTH)}…` : trimmed);
}

export function describeLocation(source: string, where: OutputLocation): string {
  if (where.line !== undefined) {
    const at = `"${source}:${where.line}${where.column === undefined ? '' : `:${where.column}`}"`;
    return where.path === undefined ? at : `${at} at ${where.path}`;
  }
  if (where.path !== undefined) return `"${source}" at ${where.path}`;
  return `"${source}"`;
}

/**
 * ADAPTER_PARSE_FAILED: the output is not what the format promises at `where`.
 * `expected` says what should have been there; `found` quotes what was.
 */
export function parseFailed(format: string, source: string, where: OutputLocation, expected: string, found?: string): AdapterError {
  const tail = found === undefined ? '' : `, found ${found}`;
  return new AdapterError(
    'ADAPTER_PARSE_FAILED',
    format,
    source,
    where,
    `Cannot read ${format} output ${describeLocation(source, where)}: expected ${expected}${tail}`,
    `Check that the suite writes complete ${format} output (a run cut short leaves a truncated file), or set the suite's "format" to the harness that wrote it`,
  );
}

/** ADAPTER_NO_RESULTS: the output is readable but reports no benchmark at all. */
export function noResults(format: string, source: string, expected: string): AdapterError {
  return new AdapterError(
    'ADAPTER_NO_RESULTS',
    format,
    source,
    {},
    `Cannot read ${format} output "${source}": it holds no benchmark results (expected ${expected})`,
    'Check that the suite runs its benchmarks (a filter that matches nothing, or tests run without the benchmark flag, print no results)',
  );
}
