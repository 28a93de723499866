/**
 * Checks that span several fields, run on the raw parsed YAML beside the
 * schema so that they are reported even when other fields are wrong (zod skips
 * an object's refinements once any field of it failed). Values of the wrong type
 * are left to the schema's own problems.
 */
import type { PathIssue } from './config-error.ts';
import { suggestClosest } from './suggest.ts';

/** Formats that need no adapter. */
export const BUILT_IN_FORMATS = ['pitwall', 'auto'] as const;

export interface RelationOptions {
  /** Adapter names the runner knows; when given, an unknown `format` is a problem. */
  formats?: readonly string[] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCommandOrScript(suite: Record<string, unknown>, index: number): PathIssue[] {
  const hasCommand = suite['command'] !== undefined;
  const hasScript = suite['script'] !== undefined;
  if (hasCommand && hasScript) {
    // Point at whichever of the two comes second in the file: toJS keeps the order of the keys.
    const keys = Object.keys(suite);
    const second = keys.indexOf('command') > keys.indexOf('script') ? 'command' : 'script';
    return [{ path: ['suites', index, second], at: 'key', message: 'both "command" and "script" are set; write exactly one' }];
  }
  if (!hasCommand && !hasScript) {
    return [{ path: ['suites', index], at: 'value', message: 'neither "command" nor "script" is set; write exactly one' }];
  }
  return [];
}

function checkFormat(suite: Record<string, unknown>, index: number, known: readonly string[]): PathIssue[] {
  const format = suite['format'];
  if (typeof format !== 'string' || known.includes(format)) return [];
  const guess = suggestClosest(format, known);
  const advice = guess === undefined ? `use one of ${known.map((name) => `"${name}"`).join(', ')}` : `did you mean "${guess}"?`;
  return [{ path: ['suites', index, 'format'], at: 'value', message: `unknown format "${format}"; ${advice}` }];
}

/** Problems that no single field shows: duplicate suite names, command and script, unknown formats. */
export function checkRelations(raw: unknown, options: RelationOptions = {}): PathIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw['suites'])) return [];
  const known = options.formats === undefined ? undefined : [...BUILT_IN_FORMATS, ...options.formats];
  const issues: PathIssue[] = [];
  const firstIndexByName = new Map<string, number>();
  raw['suites'].forEach((suite: unknown, index) => {
    if (!isRecord(suite)) return;
    issues.push(...checkCommandOrScript(suite, index));
    if (known !== undefined) issues.push(...checkFormat(suite, index, known));
    const name = suite['name'];
    if (typeof name !== 'string') return;
    const first = firstIndexByName.get(name);
    if (first === undefined) firstIndexByName.set(name, index);
    else issues.push({ path: ['suites', index, 'name'], at: 'value', message: `duplicate suite name "${name}", also used by suites[${first}]; names must be unique` });
  });
  return issues;
}
