/**
 * The small value languages of pitwall.yaml: durations, thresholds, directions,
 * branch and remote names, paths inside the repository. Each has a check used
 * while validating and a parser used after, so the two cannot disagree.
 */
import { posix } from 'node:path';
import type { Direction } from '../../results/schema.ts';

/** One or more `<number><unit>` parts: 90s, 10m, 1h30m, 500ms. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Longest timeout: a week keeps far below the limit of Node timers (about 24.8 days). */
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** Seconds in a number of seconds or a duration string; NaN when the text is not one. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  if (!DURATION_PATTERN.test(value)) return Number.NaN;
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) seconds += Number(amount) * (UNIT_SECONDS[unit ?? ''] ?? Number.NaN);
  return seconds;
}

export function isTimeout(value: number | string): boolean {
  const seconds = parseDuration(value);
  return seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS;
}

export const PERCENT_PATTERN = /^\d+(?:\.\d+)?%$/;

/** A fraction (0.02) or a percentage string ("2%") as a fraction; NaN when it is neither or outside 0..100 %. */
export function parseThreshold(value: number | string): number {
  const fraction = typeof value === 'number' ? value : PERCENT_PATTERN.test(value) ? Number(value.slice(0, -1)) / 100 : Number.NaN;
  return fraction >= 0 && fraction <= 1 ? fraction : Number.NaN;
}

export const DIRECTION_WORDS = { lower: -1, higher: 1, none: 0 } as const satisfies Record<string, Direction>;
export type DirectionWord = keyof typeof DIRECTION_WORDS;

export function parseDirection(value: DirectionWord | Direction): Direction {
  return typeof value === 'number' ? value : DIRECTION_WORDS[value];
}

/** The rules of `git check-ref-format --branch`, which isomorphic-git does not check for us. */
export function isBranchName(name: string): boolean {
  if (name === '' || name === '@' || name.startsWith('-') || name.startsWith('/') || name.endsWith('/')) return false;
  if (name.endsWith('.') || name.endsWith('.lock') || name.includes('..') || name.includes('//') || name.includes('@{')) return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A git remote name ("origin") or an http(s) URL: isomorphic-git pushes over HTTP only. */
export function isRemote(value: string): boolean {
  if (/^https?:\/\//i.test(value)) return URL.canParse(value);
  return REMOTE_NAME.test(value) && !value.includes('..');
}

/** A relative path that stays inside the repository once normalised. */
export function isPathInside(value: string): boolean {
  if (value === '' || value.includes('\0') || value.startsWith('/') || value.startsWith('\\') || /^[A-Za-z]:/.test(value)) return false;
  const normal = posix.normalize(value.replaceAll('\\', '/'));
  return normal !== '..' && !normal.startsWith('../');
}

/** The normalised form of a path accepted by isPathInside, with "." for the root. */
export function normalizePathInside(value: string): string {
  const normal = posix.normalize(value.replaceAll('\\', '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}

/** Names of environment variables that a POSIX shell can pass on. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
