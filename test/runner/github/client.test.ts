import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGitHubClient, type RetryEvent } from '../../../runner/github/client.ts';
import { isPitwallError } from '../../../results/errors.ts';
import { startFakeGitHub } from '../../helpers/fake-github.ts';

const REPO = '/repos/acme/parser';

function errorCode(error: unknown): string | undefined {
  return isPitwallError(error) ? error.code : undefined;
}

test('requests carry the bearer token and the headers GitHub documents', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  await client.request('POST', `${REPO}/issues/7/comments`, { body: 'hello' });
  const [request] = fake.requests;
  assert.equal(request?.headers['authorization'], `Bearer ${fake.token}`);
  assert.equal(request?.headers['accept'], 'application/vnd.github+json');
  assert.equal(request?.headers['x-github-api-version'], '2022-11-28');
  assert.match(request?.headers['user-agent'] ?? '', /^pitwall\/\d+\.\d+\.\d+/);
  assert.equal(request?.headers['content-type'], 'application/json');
  assert.deepEqual(fake.violations, []);
  assert.equal(fake.comments('acme', 'parser', 7).length, 1);
});

test('a wrong token fails with GITHUB_AUTH_FAILED and the message never holds the token', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const wrong = 'ghp_wrongTokenValue1234567890';
  const client = createGitHubClient({ token: wrong, apiUrl: fake.apiUrl });
  await assert.rejects(client.request('GET', `${REPO}/issues/7/comments`), (error: unknown) => {
    assert.equal(errorCode(error), 'GITHUB_AUTH_FAILED');
    assert.ok(!String((error as Error).message).includes(wrong));
    return true;
  });
  assert.equal(fake.requests.length, 1, 'an auth failure is not retried');
});

test('a 502 followed by success is retried after a backoff', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(2, { kind: 'status', status: 502 });
  const retries: RetryEvent[] = [];
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { baseDelayMs: 10 }, onRetry: (e) => retries.push(e) });
  const comments = await client.request<unknown[]>('GET', `${REPO}/issues/7/comments`);
  assert.deepEqual(comments, []);
  assert.equal(fake.requests.length, 3);
  assert.deepEqual(retries.map((r) => r.waitMs), [10, 20]);
  assert.match(retries[0]!.reason, /HTTP 502/);
});

test('a GitHub that stays down fails with GITHUB_UNAVAILABLE after the configured attempts', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(Infinity, { kind: 'status', status: 503 });
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { maxAttempts: 3, baseDelayMs: 1 } });
  await assert.rejects(client.request('GET', `${REPO}/issues/7/comments`), (error: unknown) => errorCode(error) === 'GITHUB_UNAVAILABLE');
  assert.equal(fake.requests.length, 3);
});

test('a rate limit with x-ratelimit-reset is waited for, then the request succeeds', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'reset', inSeconds: 0, status: 403 });
  const waits: number[] = [];
  const started = Date.now();
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { maxWaitMs: 5_000 }, onRetry: (e) => waits.push(e.waitMs) });
  await client.request('POST', `${REPO}/issues/7/comments`, { body: 'after the reset' });
  assert.equal(waits.length, 1);
  assert.ok(waits[0]! >= 1_000 && waits[0]! <= 2_100, `waited ${waits[0]} ms`);
  assert.ok(Date.now() - started >= waits[0]! - 5, 'the wait really happened');
  assert.equal(fake.comments('acme', 'parser', 7).length, 1);
});

test('a secondary rate limit with retry-after is waited for', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'retry-after', seconds: 2, status: 429 });
  const slept: number[] = [];
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, sleep: async (ms) => void slept.push(ms) });
  await client.request('GET', `${REPO}/issues/7/comments`);
  assert.deepEqual(slept, [2_000]);
});

test('a rate limit that resets later than the longest wait fails at once with GITHUB_RATE_LIMITED', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'reset', inSeconds: 3_600, status: 403 });
  const slept: number[] = [];
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { maxWaitMs: 2_000 }, sleep: async (ms) => void slept.push(ms) });
  await assert.rejects(client.request('GET', `${REPO}/issues/7/comments`), (error: unknown) => errorCode(error) === 'GITHUB_RATE_LIMITED');
  assert.deepEqual(slept, []);
  assert.equal(fake.requests.length, 1);
});

test('a network failure is retried and then reported as GITHUB_UNAVAILABLE', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const retries: RetryEvent[] = [];
  const client = createGitHubClient({ token: 'ghs_unusedToken123456', apiUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 2, baseDelayMs: 1 }, onRetry: (e) => retries.push(e) });
  await assert.rejects(client.request('GET', `${REPO}/issues/7/comments`), (error: unknown) => errorCode(error) === 'GITHUB_UNAVAILABLE');
  assert.equal(retries.length, 1);
  assert.match(retries[0]!.reason, /network error/);
});

test('a missing resource fails with GITHUB_NOT_FOUND and an invalid body with GITHUB_REQUEST_FAILED', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  await assert.rejects(client.request('PATCH', `${REPO}/issues/comments/999`, { body: 'x' }), (error: unknown) => errorCode(error) === 'GITHUB_NOT_FOUND');
  await assert.rejects(client.request('POST', `${REPO}/statuses/${'a'.repeat(40)}`, { state: 'great' }), (error: unknown) => errorCode(error) === 'GITHUB_REQUEST_FAILED');
});

test('pagination follows Link headers across pages', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.addComments('acme', 'parser', 3, Array.from({ length: 250 }, (_, i) => `comment ${i}`));
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  const sizes: number[] = [];
  for await (const page of client.paginate<{ body: string }>(`${REPO}/issues/3/comments?per_page=100`)) sizes.push(page.length);
  assert.deepEqual(sizes, [100, 100, 50]);
  assert.deepEqual(fake.requests.map((r) => r.query.get('page')), [null, '2', '3']);
});

test('pagination refuses a next link to another host, so the token stays with the API', async (t) => {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', Link: '<http://203.0.113.9/steal?page=2>; rel="next"' });
    res.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const client = createGitHubClient({ token: 'ghs_someToken1234567', apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  await assert.rejects(async () => {
    for await (const page of client.paginate(`${REPO}/issues/1/comments`)) assert.deepEqual(page, []);
  }, (error: unknown) => errorCode(error) === 'GITHUB_REQUEST_FAILED');
});

test('GitHub\'s fake accepts what GitHub accepts: no Accept header, */* and no API version', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  for (const headers of [{}, { Accept: '*/*' }, { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' }]) {
    const response = await fetch(`${fake.apiUrl}${REPO}/issues/7/comments`, { headers: { Authorization: `Bearer ${fake.token}`, 'User-Agent': 'curl/8', ...headers } });
    assert.equal(response.status, 200, JSON.stringify(headers));
  }
  const old = await fetch(`${fake.apiUrl}${REPO}/issues/7/comments`, { headers: { Authorization: `Bearer ${fake.token}`, 'User-Agent': 'curl/8', 'X-GitHub-Api-Version': '2011-01-01' } });
  assert.equal(old.status, 400, 'an API version GitHub does not know is refused');
  assert.equal(fake.violations.length, 1);
});

test('a POST whose answer was lost is not sent again by the client: GITHUB_OUTCOME_UNKNOWN', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'status', status: 502 }, { after: true });
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { baseDelayMs: 1 } });
  await assert.rejects(client.request('POST', `${REPO}/issues/7/comments`, { body: 'once' }), (error: unknown) => errorCode(error) === 'GITHUB_OUTCOME_UNKNOWN');
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.comments('acme', 'parser', 7).length, 1, 'GitHub did create it');
});

test('more than 80 comments in a minute meet GitHub\'s secondary rate limit, reported as GITHUB_RATE_LIMITED', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const slept: number[] = [];
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { maxWaitMs: 1_000 }, sleep: async (ms) => void slept.push(ms) });
  for (let i = 0; i < 80; i++) await client.request('POST', `${REPO}/issues/7/comments`, { body: `note ${i}` });
  await assert.rejects(client.request('POST', `${REPO}/issues/7/comments`, { body: 'one too many' }), (error: unknown) => errorCode(error) === 'GITHUB_RATE_LIMITED');
  assert.deepEqual(slept, [], 'a wait of a minute is over the longest allowed wait');
  assert.equal(fake.comments('acme', 'parser', 7).length, 80);
});
