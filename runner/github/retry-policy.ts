/**
 * When to try a GitHub request again, and how long to wait first. GitHub's
 * documented rules: a server error (5xx) is worth a retry with backoff; a
 * rate limit (403 or 429) says when to come back, in `retry-after` seconds or
 * as `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (epoch seconds); a
 * secondary limit without those headers asks for at least a minute.
 */

export interface RetryPolicy {
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** First backoff after a server error; doubles on each further one. */
  baseDelayMs: number;
  /** Longest single wait. A rate limit that resets later is not waited for: the request fails at once. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxWaitMs: 60_000 };

/** A secondary rate limit with no hint of its own: GitHub asks clients to wait at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

export interface FailedAttempt {
  /** HTTP status, or null when no response came (network failure). */
  status: number | null;
  headers: Headers | null;
  /** GitHub's `message` from the error body, or the network error's message. */
  message: string;
  /** 1 for the first try. */
  attempt: number;
  /** Current time, ms since the epoch. */
  now: number;
}

export type RetryDecision =
  | { retry: true; waitMs: number; reason: string }
  | { retry: false; rateLimited: boolean; /** When the limit resets, ms since the epoch, if GitHub said. */ resetAt: number | null };

function secondsHeader(headers: Headers | null, name: string): number | null {
  const value = headers?.get(name);
  if (value === null || value === undefined || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** True for a 403/429 that GitHub sends because of a rate limit rather than missing permissions. */
export function isRateLimited(failure: Pick<FailedAttempt, 'status' | 'headers' | 'message'>): boolean {
  if (failure.status !== 403 && failure.status !== 429) return false;
  if (secondsHeader(failure.headers, 'retry-after') !== null) return true;
  if (failure.headers?.get('x-ratelimit-remaining') === '0') return true;
  return failure.status === 429 || /rate limit/i.test(failure.message);
}

function rateLimitWait(failure: FailedAttempt): { waitMs: number; resetAt: number | null } {
  const retryAfter = secondsHeader(failure.headers, 'retry-after');
  if (retryAfter !== null) return { waitMs: Math.max(0, retryAfter * 1000), resetAt: failure.now + retryAfter * 1000 };
  const reset = secondsHeader(failure.headers, 'x-ratelimit-reset');
  if (failure.headers?.get('x-ratelimit-remaining') === '0' && reset !== null) {
    // One second more: the reset time has a resolution of a second and clocks drift.
    return { waitMs: Math.max(0, reset * 1000 - failure.now + 1000), resetAt: reset * 1000 };
  }
  return { waitMs: SECONDARY_LIMIT_WAIT_MS, resetAt: null };
}

export function decideRetry(failure: FailedAttempt, policy: RetryPolicy): RetryDecision {
  const last = failure.attempt >= policy.maxAttempts;
  if (isRateLimited(failure)) {
    const { waitMs, resetAt } = rateLimitWait(failure);
    if (last || waitMs > policy.maxWaitMs) return { retry: false, rateLimited: true, resetAt };
    return { retry: true, waitMs, reason: `rate limited (HTTP ${failure.status})` };
  }
  const serverError = failure.status === null || failure.status >= 500;
  if (!serverError || last) return { retry: false, rateLimited: false, resetAt: null };
  const retryAfter = secondsHeader(failure.headers, 'retry-after');
  const backoff = retryAfter !== null ? retryAfter * 1000 : policy.baseDelayMs * 2 ** (failure.attempt - 1);
  const reason = failure.status === null ? `network error (${failure.message})` : `server error (HTTP ${failure.status})`;
  return { retry: true, waitMs: Math.min(backoff, policy.maxWaitMs), reason };
}
