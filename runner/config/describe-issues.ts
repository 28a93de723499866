/**
 * Turns zod issues into problems people can act on: the schema's own phrase
 * plus the value that was found, one problem per unknown key with a guess at
 * the intended one.
 */
import * as z from 'zod';
import type { PathIssue, ValuePath } from './config-error.ts';
import { suggestClosest } from './suggest.ts';

function readAt(raw: unknown, path: ValuePath): unknown {
  let value = raw;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** How a found value reads in a message: strings quoted, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** The keys the schema allows for the mapping at `path`, in declaration order. */
export function listKnownKeys(schema: z.ZodType, path: ValuePath): string[] {
  let current = unwrap(schema);
  for (const part of path) {
    if (current instanceof z.ZodObject && typeof part === 'string') {
      const field = (current.shape as Record<string, z.ZodType>)[part];
      if (field === undefined) return [];
      current = unwrap(field);
    } else if (current instanceof z.ZodArray && typeof part === 'number') {
      current = unwrap(current.element as z.ZodType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function describeUnknownKey(key: string, known: readonly string[]): string {
  const guess = suggestClosest(key, known);
  if (guess !== undefined) return `unknown key; did you mean "${guess}"?`;
  return known.length === 0 ? 'unknown key' : `unknown key; expected one of ${known.join(', ')}`;
}

/** One PathIssue per problem; `raw` is the parsed YAML the issues are about. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, schema: z.ZodType): PathIssue[] {
  const described: PathIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = listKnownKeys(schema, path);
      for (const key of issue.keys) described.push({ path: [...path, key], at: 'key', message: describeUnknownKey(key, known) });
      continue;
    }
    if (issue.code === 'invalid_key') {
      const key = path.at(-1);
      const message = issue.issues[0]?.message ?? issue.message;
      described.push({ path, at: 'key', message: key === undefined ? message : `${message}, got ${describeValue(String(key))}` });
      continue;
    }
    if (issue.code === 'custom' && issue.params?.['complete'] === true) {
      described.push({ path, at: 'value', message: issue.message });
      continue;
    }
    const value = readAt(raw, path);
    const message = value === undefined ? `missing; ${issue.message}` : `${issue.message}, got ${describeValue(value)}`;
    described.push({ path, at: 'value', message });
  }
  return described;
}
