import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeProject, runCli } from '../../helpers/cli.ts';
import { startFakeGitHub } from '../../helpers/fake-github.ts';

/** A real HTTP receiver on 127.0.0.1; `answer` decides each response (status, or 'hang'). */
function startReceiver(answer: (index: number) => number | 'hang' = () => 200) {
  const bodies: unknown[] = [];
  let requests = 0;
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const reply = answer(requests++);
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      if (reply === 200) bodies.push(JSON.parse(text));
      res.writeHead(reply, { 'content-type': 'text/plain' }).end(reply === 200 ? 'ok' : 'unavailable');
    });
  });
  return new Promise<{ url: (path: string) => string; bodies: unknown[]; requests: () => number; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: (path) => `http://127.0.0.1:${port}${path}`,
        bodies,
        requests: () => requests,
        close: () => new Promise((done) => { for (const r of hanging) r.destroy(); server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

const BENCH = '#!/bin/sh\necho "{\\"metric\\":\\"parse/small\\",\\"value\\":$(cat "$1/VALUE"),\\"unit\\":\\"ms\\"}" > "$2"\n';
const CONFIG = 'machine: m1\nsite:\n  url: https://bench.example.com/parser/\nsuites:\n  - name: core\n    script: bench/run.sh\n';
const JITTER = [1, 1.006, 0.995, 1.003, 0.998, 1.004, 0.996, 1.002];
const SECRET_PATH = '/services/T000/B000/s3cr3tW3bhookT0ken';

interface Body { event?: string; text: string; regression?: { id: string; changePct: number; confidencePct: number; commit: string; chartUrl: string; compareUrl: string } }

describe('notify against real HTTP receivers on 127.0.0.1', { timeout: 180_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  let culprit = '';
  before(async () => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: '10' }, ['bench/run.sh']));
    for (let i = 1; i < 16; i++) {
      writeFileSync(join(dir, 'VALUE'), ((i < 8 ? 10 : 20) * JITTER[i % JITTER.length]!).toFixed(4));
      git(dir, 'commit', '-q', '-am', i === 8 ? 'Parse with a slower tokenizer' : `Commit ${i + 1}`);
      if (i === 8) culprit = git(dir, 'rev-parse', 'HEAD').trim();
    }
    const backfill = await runCli(['backfill', '--no-push'], { cwd: dir });
    assert.equal(backfill.code, 0, backfill.stderr);
  });
  after(() => cleanup());

  test('a confirmed regression is posted once to a webhook and to Slack, with its figures and links', async () => {
    const hook = await startReceiver();
    const slack = await startReceiver();
    try {
      const first = await runCli(['notify', '--webhook', hook.url('/hook'), '--slack', slack.url(SECRET_PATH)], { cwd: dir });
      assert.equal(first.code, 0, first.stderr);
      assert.equal(hook.bodies.length, 1);
      const body = hook.bodies[0] as Body;
      assert.equal(body.event, 'pitwall.regression');
      assert.equal(body.regression?.commit, culprit);
      assert.ok(body.regression !== undefined && body.regression.changePct > 90 && body.regression.changePct < 110);
      assert.ok(body.regression.confidencePct > 99.9);
      assert.equal(body.regression.chartUrl, `https://bench.example.com/parser/metric/?id=m1%2Fcore%2Fparse%2Fsmall&highlight=${culprit}`);
      assert.match(body.regression.compareUrl, /^https:\/\/bench\.example\.com\/parser\/compare\/\?base=[0-9a-f]{40}&head=/);
      const text = (slack.bodies[0] as Body).text;
      assert.match(text, /\*Regression\* in `parse\/small` \(m1\/core\): \*\+\d+\.\d %\*/);
      assert.match(text, /<https:\/\/bench\.example\.com\/parser\/metric\/\?id=[^|]+\|chart>/);
      assert.ok(!(first.stderr + first.stdout).includes('s3cr3t'), 'the Slack URL is never printed');
      assert.ok(!git(dir, 'log', '-p', 'results', '--', 'notifications').includes('s3cr3t'), 'nor committed');

      const again = await runCli(['notify', '--webhook', hook.url('/hook'), '--slack', slack.url(SECRET_PATH)], { cwd: dir });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /0 posted, 2 announced before/);
      assert.equal(hook.requests() + slack.requests(), 2, 'a re-run posts nothing');
    } finally {
      await hook.close();
      await slack.close();
    }
  });

  test('a receiver that keeps failing gets retries, nothing is recorded, and the next call posts', async () => {
    let healthy = false;
    const hook = await startReceiver(() => (healthy ? 200 : 503));
    try {
      const failed = await runCli(['notify', '--webhook', hook.url('/flaky'), '--retries', '1'], { cwd: dir });
      assert.equal(failed.code, 1);
      assert.equal(hook.requests(), 2, 'one try and one retry');
      assert.match(failed.stderr, /server error \(HTTP 503\); trying again in 1\.0 s/);
      assert.match(failed.stderr, /Cannot post to the webhook --webhook #1 \(webhook-[0-9a-f]{12}\) after 2 attempts: HTTP 503/);
      healthy = true;
      const retried = await runCli(['notify', '--webhook', hook.url('/flaky')], { cwd: dir });
      assert.equal(retried.code, 0, retried.stderr);
      assert.equal(hook.bodies.length, 1);
    } finally {
      await hook.close();
    }
  });

  test('a receiver that never answers times out and is tried again on the next call', async () => {
    const hook = await startReceiver(() => 'hang');
    try {
      const result = await runCli(['notify', '--webhook', hook.url('/slow'), '--timeout', '0.5', '--retries', '1'], { cwd: dir });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /no answer within 0\.5 s/);
      assert.equal(hook.requests(), 2);
      assert.equal(git(dir, 'ls-tree', '-r', '--name-only', 'results', 'notifications').trim().split('\n').length, 3, 'no record for it');
    } finally {
      await hook.close();
    }
  });

  test('two notifiers started at once announce each regression exactly once', async () => {
    const hook = await startReceiver();
    try {
      const url = hook.url('/race');
      const [a, b] = await Promise.all([runCli(['notify', '--webhook', url], { cwd: dir }), runCli(['notify', '--webhook', url], { cwd: dir })]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.equal(hook.requests(), 1);
      assert.match(a.stderr + b.stderr, /1 posted/);
      assert.match(a.stderr + b.stderr, /0 posted, 1 announced before/);
    } finally {
      await hook.close();
    }
  });

  test('a URL that is not http(s), or no target at all, is a usage error that records nothing', async () => {
    const before = git(dir, 'rev-parse', 'results').trim();
    const ftp = await runCli(['notify', '--webhook', 'ftp://files.example.com/s3cr3t'], { cwd: dir });
    assert.equal(ftp.code, 2);
    assert.match(ftp.stderr, /The webhook URL of --webhook #1 is not an http\(s\) URL \(it starts with "ftp:"\)/);
    assert.ok(!ftp.stderr.includes('s3cr3t'));
    const none = await runCli(['notify'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /hint: Give --webhook/);
    assert.equal(git(dir, 'rev-parse', 'results').trim(), before);
  });

  test('--dry-run prints what would be posted and posts nothing', async () => {
    const hook = await startReceiver();
    try {
      const result = await runCli(['notify', '--webhook', hook.url('/new'), '--dry-run'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /would post to webhook --webhook #1 \(webhook-[0-9a-f]{12}\): Regression in parse\/small \(m1\/core\): \+\d/);
      assert.equal(hook.requests(), 0);
    } finally {
      await hook.close();
    }
  });
});

describe('notify after bisection', { timeout: 180_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: '10' }, ['bench/run.sh']));
    for (let i = 1; i < 24; i++) {
      writeFileSync(join(dir, 'VALUE'), ((i < 9 ? 10 : 20) * JITTER[i % JITTER.length]!).toFixed(4));
      git(dir, 'commit', '-q', '-am', `Commit ${i + 1}`);
    }
  });
  after(() => cleanup());

  test('a change announced before bisection pinned it is not posted again, and its GitHub issue is updated, not opened twice', async () => {
    const hook = await startReceiver();
    const github = await startFakeGitHub({ repositories: [{ owner: 'acme', name: 'parser' }] });
    const env = { GITHUB_API_URL: github.apiUrl, PITWALL_TOKEN: github.token };
    const notify = () => runCli(['notify', '--webhook', hook.url('/h'), '--github-issues', '--repo', 'acme/parser'], { cwd: dir, env });
    try {
      assert.equal((await runCli(['backfill', '--no-push', '--every', '3'], { cwd: dir })).code, 0);
      const first = await notify();
      assert.equal(first.code, 0, first.stderr);
      assert.equal(hook.bodies.length, 1);
      const issues = github.issues('acme', 'parser');
      assert.equal(issues.length, 1);
      assert.match(issues[0]!.title, /^Performance regression: parse\/small \+\d+\.\d % on m1 at [0-9a-f]{7}$/);
      assert.deepEqual(issues[0]!.labels, ['performance-regression']);
      assert.match(first.stderr, /posted to GitHub issues of acme\/parser \(issue #1\)/);
      assert.ok(!first.stderr.includes(github.token), 'the token is never printed');
      const before = (hook.bodies[0] as Body).regression!.id;

      assert.match((await notify()).stderr, /0 posted, 2 announced before/);

      const bisect = await runCli(['backfill', '--no-push', '--every', '3', '--bisect-changes'], { cwd: dir });
      assert.equal(bisect.code, 0, bisect.stderr);
      const second = await notify();
      assert.equal(second.code, 0, second.stderr);
      assert.equal(hook.requests(), 1, 'the webhook hears of the change once');
      assert.match(second.stderr, new RegExp(`was announced to webhook --webhook #1 before bisection pinned it, as ${before.replace(/[/@]/g, '.')}`));
      assert.match(second.stderr, /updated issue #1 of GitHub issues of acme\/parser/);
      assert.equal(github.issues('acme', 'parser').length, 1, 'no second issue');
      assert.match(github.issues('acme', 'parser')[0]!.body ?? '', /Bisection pinned this change to [0-9a-f]{7}; it was first reported as/);
      assert.match((await notify()).stderr, /0 posted, 2 announced before/);
      assert.deepEqual(github.violations, []);
    } finally {
      await hook.close();
      await github.stop();
    }
  });
});
