/**
 * Reading JSON harness outputs: parse once, validate the shape with a zod schema,
 * and report any problem with a line:column (syntax) or a JSON path (shape).
 */
import type { z } from 'zod';
import { parseFailed, previewText, type OutputLocation } from './adapter-error.ts';
import { findJsonSyntaxProblem } from './json-syntax.ts';
import { locateOffset } from './text-lines.ts';

const NON_FINITE_HINT = /NaN|Infinity/;
const STRING_OR_NON_FINITE = /"(?:[^"\\]|\\.)*"|-?\b(?:NaN|Infinity)\b/g;

/**
 * Google Benchmark (C++) and Python's json module write NaN and Infinity as bare
 * words, which JSON does not have; read them as null, leaving strings alone.
 */
function replaceNonFiniteLiterals(text: string): string {
  return text.replace(STRING_OR_NON_FINITE, (match) => (match.startsWith('"') ? match : 'null'));
}

/**
 * JSON.parse, failing with ADAPTER_PARSE_FAILED at the line and column where the
 * text breaks. `line` is the line number of `text` in a file of JSON lines.
 */
export function parseJsonText(format: string, text: string, source: string, line?: number): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (cause) {
    if (NON_FINITE_HINT.test(body)) {
      try {
        return JSON.parse(replaceNonFiniteLiterals(body));
      } catch {
        // Not only NaN then: locate the real problem below.
      }
    }
    const problem = findJsonSyntaxProblem(body);
    if (problem === undefined) {
      throw parseFailed(format, source, {}, 'valid JSON', JSON.stringify((cause as Error).message));
    }
    const located = locateOffset(body, problem.offset);
    const where = line === undefined ? located : { line, column: located.column };
    const end = line === undefined ? 'the end of the file' : 'the end of the line';
    const found = problem.offset >= body.length ? end : previewText(body.slice(problem.offset, problem.offset + 20));
    throw parseFailed(format, source, where, problem.expected, found);
  }
}

type PathKey = PropertyKey;

/** `benchmarks[2].real_time`, `results["a.b"][0]`; the top level is `the top level`. */
export function formatJsonPath(path: readonly PathKey[]): string {
  if (path.length === 0) return 'the top level';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** The value at a JSON path, or undefined when the path leaves the data. */
export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A short JSON preview of a found value, for "expected …, found …" messages. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  errors?: IssueLike[][];
}

function describeExpected(issue: IssueLike): string {
  if (issue.code === 'invalid_type') return String(issue.expected);
  if (issue.code === 'invalid_union' && issue.errors !== undefined) {
    const options = issue.errors.map((branch) => (branch[0] === undefined ? 'another shape' : describeExpected(branch[0])));
    return [...new Set(options)].join(' or ');
  }
  return issue.message.replace(/^Invalid (?:input|option): (?:expected )?/, '');
}

/**
 * Validates parsed JSON against `schema`; the first problem becomes
 * ADAPTER_PARSE_FAILED at its JSON path (on `base.line` for a file of JSON lines).
 */
export function validateJson<S extends z.ZodType>(format: string, schema: S, value: unknown, source: string, base: OutputLocation = {}): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as unknown as IssueLike;
  const path = formatJsonPath(issue.path);
  throw parseFailed(format, source, { ...base, path }, describeExpected(issue), describeFound(valueAt(value, issue.path)));
}

/** Parses and validates in one step. */
export function readJson<S extends z.ZodType>(format: string, schema: S, text: string, source: string): z.infer<S> {
  return validateJson(format, schema, parseJsonText(format, text, source), source);
}
