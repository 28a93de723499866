import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.ts';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.ts';

const HEAD = 'a'.repeat(40);

async function setUp(t: { after: (fn: () => unknown) => void }): Promise<{ fake: FakeGitHub; dir: string; env: (name: string, payload: object) => NodeJS.ProcessEnv }> {
  const fake = await startFakeGitHub({
    repositories: [{ owner: 'acme', name: 'parser', pulls: [{ number: 4, head: HEAD, headRepo: 'mallory/parser' }, { number: 5, head: 'c'.repeat(40), state: 'closed' }], collaborators: { Maintainer: 'maintain', triager: 'triage' } }],
  });
  t.after(() => fake.stop());
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-authorize-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const env = (name: string, payload: object): NodeJS.ProcessEnv => {
    const file = join(dir, `event-${n++}.json`);
    writeFileSync(file, JSON.stringify(payload));
    return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'acme/parser', GITHUB_API_URL: fake.apiUrl, GITHUB_TOKEN: fake.token, GITHUB_OUTPUT: join(dir, 'outputs'), RUNNER_TEMP: dir };
  };
  writeFileSync(join(dir, 'outputs'), '');
  return { fake, dir, env };
}

const comment = (login: string, body: string, pr = 4) => ({ action: 'created', issue: { number: pr, pull_request: {} }, comment: { body, user: { login } } });

test('a maintainer\'s "/pitwall bench <sha>" naming the head is approved, written to --out and to GITHUB_OUTPUT', async (t) => {
  const { dir, env } = await setUp(t);
  const result = await runCli(['authorize', '--out', 'approval.json'], { cwd: dir, env: env('issue_comment', comment('maintainer', `/pitwall bench ${HEAD.slice(0, 8)}\nlooks fine`)) });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'approval.json'), 'utf8')), { schema: 1, repository: 'acme/parser', pr: 4, sha: HEAD, approvedBy: 'maintainer', event: 'issue_comment' });
  assert.equal(readFileSync(join(dir, 'outputs'), 'utf8'), `approved=true\npr=4\nsha=${HEAD}\n`);
});

test('the help example writes the approval where it says', async (t) => {
  const { dir, env } = await setUp(t);
  const nobody = await runCli(['authorize'], { cwd: dir, env: env('workflow_dispatch', { inputs: { pr: '4', sha: HEAD }, sender: { login: 'someone' } }) });
  assert.equal(nobody.code, 1, 'without GITHUB_ACTOR the sender is asked about, here without write access');
  assert.match(nobody.stderr, /"someone" has read access/);
  // As in --help: pitwall authorize --out "$RUNNER_TEMP/approval/approval.json"
  const dispatched = await runCli(['authorize', '--out', `${dir}/approval/approval.json`], { cwd: dir, env: { ...env('workflow_dispatch', { inputs: { pr: '4', sha: HEAD } }), GITHUB_ACTOR: 'maintainer' } });
  assert.equal(dispatched.code, 0, dispatched.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'approval', 'approval.json'), 'utf8')).event, 'workflow_dispatch');
});

test('what is refused, each with its reason: triage access, no sha, a closed pull request, an issue, another event', async (t) => {
  const { dir, fake, env } = await setUp(t);
  const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['triage access', env('issue_comment', comment('triager', `/pitwall bench ${HEAD}`)), /"triager" has read access/],
    ['a stranger', env('issue_comment', comment('someone', `/pitwall bench ${HEAD}`)), /"someone" has read access/],
    ['no sha', env('issue_comment', comment('maintainer', '/pitwall bench')), new RegExp(`hint: Review the head, then comment "/pitwall bench ${HEAD}"`)],
    ['a closed pull request', env('issue_comment', comment('maintainer', `/pitwall bench ${'c'.repeat(40)}`, 5)), /is closed/],
    ['an issue', env('issue_comment', { action: 'created', issue: { number: 4 }, comment: { body: `/pitwall bench ${HEAD}`, user: { login: 'maintainer' } } }), /on an issue, not a pull request/],
    ['an edited comment', env('issue_comment', { ...comment('maintainer', `/pitwall bench ${HEAD}`), action: 'edited' }), /was edited/],
    ['pull_request_target', env('pull_request_target', { pull_request: { number: 4 } }), /never leads to a benchmark/],
  ];
  for (const [name, caseEnv, message] of cases) {
    const result = await runCli(['authorize'], { cwd: dir, env: caseEnv });
    assert.equal(result.code, 1, `${name}: ${result.stderr}`);
    assert.match(result.stderr, message, name);
  }
  assert.equal(readFileSync(join(dir, 'outputs'), 'utf8'), '', 'nothing approved');
  assert.deepEqual(fake.violations, []);
});

test('a pull_request run from a branch of this repository is approved at its head, and refused once the head moved', async (t) => {
  const { dir, fake, env } = await setUp(t);
  const branchHead = 'd'.repeat(40);
  fake.addRepository({ owner: 'acme', name: 'parser', pulls: [{ number: 8, head: branchHead }] });
  const run = (sha: string) => ({ workflow_run: { event: 'pull_request', head_sha: sha, head_repository: { full_name: 'ACME/parser' }, pull_requests: [{ number: 8 }] } });
  const approved = await runCli(['authorize', '--out', 'a.json'], { cwd: dir, env: env('workflow_run', run(branchHead)) });
  assert.equal(approved.code, 0, approved.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')), { schema: 1, repository: 'acme/parser', pr: 8, sha: branchHead, approvedBy: 'branch of acme/parser', event: 'workflow_run' });
  fake.pushToPull('acme', 'parser', 8, 'e'.repeat(40));
  const stale = await runCli(['authorize'], { cwd: dir, env: env('workflow_run', run(branchHead)) });
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /is no longer the head of #8/);
  const pushRun = await runCli(['authorize'], { cwd: dir, env: env('workflow_run', { workflow_run: { event: 'push', head_sha: branchHead, head_repository: { full_name: 'acme/parser' } } }) });
  assert.equal(pushRun.code, 1);
  assert.match(pushRun.stderr, /started by "push", not pull_request/);
});
