/**
 * Reading the JSON files of another tool's history: a syntax error is reported
 * at file:line:column, a wrong shape at its JSON path, both as UsageErrors
 * (the fix is in the file, not in pitwall).
 */
import type { z } from 'zod';
import { UsageError } from '../../results/errors.ts';
import { previewText } from '../adapters/adapter-error.ts';
import { describeFound, formatJsonPath, valueAt } from '../adapters/json-input.ts';
import { findJsonSyntaxProblem } from '../adapters/json-syntax.ts';
import { locateOffset } from '../adapters/text-lines.ts';

/**
 * JSON.parse with the error at the line and column of `file`. `text` may have
 * leading parts blanked out with spaces (a `window.X = ` prefix) so that
 * positions still match the file.
 */
export function parseSourceJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const problem = findJsonSyntaxProblem(text);
    const where = problem === undefined ? `"${file}"` : `"${file}:${formatPosition(text, problem.offset)}"`;
    const detail = problem === undefined
      ? (cause as Error).message
      : `expected ${problem.expected}, found ${problem.offset >= text.length ? 'the end of the file' : previewText(text.slice(problem.offset, problem.offset + 20))}`;
    throw new UsageError('IMPORT_INVALID_JSON', `Cannot read ${what} ${where}: it is not valid JSON: ${detail}`, {
      hint: 'Fix the file at that position; a copy cut short (a failed download, a truncated commit) ends too early',
      cause,
    });
  }
}

function formatPosition(text: string, offset: number): string {
  const { line, column } = locateOffset(text, offset);
  return `${line}:${column}`;
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
}

/** Checks parsed JSON against `schema`; the first problem becomes IMPORT_INVALID_SOURCE at its JSON path. */
export function validateSourceJson<S extends z.ZodType>(schema: S, value: unknown, file: string, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as unknown as IssueLike;
  const expected = issue.code === 'invalid_type' ? `a ${String(issue.expected)}` : issue.message.replace(/^Invalid (?:input|option): (?:expected )?/, '');
  throw new UsageError('IMPORT_INVALID_SOURCE', `Cannot read ${what} "${file}" at ${formatJsonPath(issue.path)}: expected ${expected}, found ${describeFound(valueAt(value, issue.path))}`, {
    hint: 'Check that the file comes from the tool named, unchanged; pass --format to choose the reader',
  });
}
