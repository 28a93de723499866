import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRetry, isRateLimited, DEFAULT_RETRY_POLICY } from '../../../runner/github/retry-policy.ts';

const now = Date.parse('2026-11-20T10:00:00Z');
const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxWaitMs: 10_000 };

test('a 403 without rate limit headers is a permission problem, not a rate limit', () => {
  const failure = { status: 403, headers: new Headers({ 'x-ratelimit-remaining': '4000' }), message: 'Resource not accessible by integration' };
  assert.equal(isRateLimited(failure), false);
  assert.deepEqual(decideRetry({ ...failure, attempt: 1, now }, policy), { retry: false, rateLimited: false, resetAt: null });
});

test('x-ratelimit-reset sets the wait, plus a second for clock drift', () => {
  const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 5) });
  const decision = decideRetry({ status: 403, headers, message: 'API rate limit exceeded', attempt: 1, now }, policy);
  assert.deepEqual(decision, { retry: true, waitMs: 6_000, reason: 'rate limited (HTTP 403)' });
});

test('server errors back off exponentially up to the cap and stop after the last attempt', () => {
  const waits = [1, 2, 3].map((attempt) => decideRetry({ status: 500, headers: new Headers(), message: '', attempt, now }, { ...policy, maxAttempts: 4 }));
  assert.deepEqual(waits.map((d) => (d.retry ? d.waitMs : -1)), [100, 200, 400]);
  assert.equal(decideRetry({ status: 500, headers: new Headers(), message: '', attempt: 4, now }, { ...policy, maxAttempts: 4 }).retry, false);
  const capped = decideRetry({ status: 500, headers: new Headers(), message: '', attempt: 1, now }, { ...policy, baseDelayMs: 60_000 });
  assert.equal(capped.retry ? capped.waitMs : -1, 10_000);
});

test('a secondary limit with no headers waits a minute, which a short cap refuses', () => {
  const decision = decideRetry({ status: 403, headers: new Headers(), message: 'You have exceeded a secondary rate limit', attempt: 1, now }, policy);
  assert.deepEqual(decision, { retry: false, rateLimited: true, resetAt: null });
});
