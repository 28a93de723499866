/** Option values shared by queue, backfill and bisect. */
import { UsageError } from '../../results/errors.ts';
import { parseDuration } from '../config/values.ts';

/** A whole number ≥ 1. */
export function parseCount(command: string, option: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError('USAGE', `pitwall ${command}: ${option} must be a whole number of at least 1, got "${text}"`, {
      hint: `For example: ${option} 10`,
    });
  }
  return n;
}

/** Seconds in a duration such as 90s, 30m, 2h or 1h30m. */
export function parseMaxTime(command: string, text: string): number {
  const seconds = parseDuration(text);
  if (!(seconds > 0)) {
    throw new UsageError('USAGE', `pitwall ${command}: --max-time must be a duration such as 90s, 30m, 2h or 1h30m, got "${text}"`, {
      hint: 'Write a number followed by s, m or h',
    });
  }
  return seconds;
}
