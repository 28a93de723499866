import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.ts';
import { makeCompareProject, makeTempDir, runCompare, seedMainHistory, SITE, type Project } from './compare-project.ts';

process.env['TZ'] = 'UTC';

interface Setup {
  project: Project;
  fake: FakeGitHub;
  env: NodeJS.ProcessEnv;
  summaryFile: string;
  base: string;
  head: string;
}

/** A project with a regression on head, a fake GitHub, and the environment of an Actions job for pull request 5. */
async function setUp(t: { after: (fn: () => unknown) => void }, headSpeed = 120, event: object = { pull_request: { number: 5 } }): Promise<Setup> {
  const project = makeCompareProject();
  t.after(project.cleanup);
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const temp = makeTempDir();
  t.after(temp.remove);
  const base = await seedMainHistory(project);
  const head = project.commit(headSpeed);
  await project.bench(head);
  fake.addRepository({ owner: 'acme', name: 'parser', commits: [base, head], pulls: [{ number: 5, head }] });
  const eventFile = join(temp.dir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const summaryFile = join(temp.dir, 'summary.md');
  writeFileSync(summaryFile, '');
  const env = {
    GITHUB_TOKEN: fake.token,
    GITHUB_API_URL: fake.apiUrl,
    GITHUB_REPOSITORY: 'acme/parser',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    PITWALL_GITHUB_MAX_WAIT: '0.02',
  };
  return { project, fake, env, summaryFile, base, head };
}

const PUBLISH = ['--offline', '--comment', '--status', '--summary'];

test('the first report creates one comment, the second updates it in place, with a status and a job summary', async (t) => {
  const { project, fake, env, summaryFile, base, head } = await setUp(t);
  const first = await runCompare(PUBLISH, { cwd: project.dir, env });
  assert.equal(first.code, 1, first.stderr);
  const second = await runCompare(PUBLISH, { cwd: project.dir, env });
  assert.equal(second.code, 1, second.stderr);

  assert.deepEqual(fake.violations, []);
  const comments = fake.comments('acme', 'parser', 5);
  assert.equal(comments.length, 1, 'one comment, updated, not two');
  assert.ok(comments[0]!.body.startsWith('<!-- pitwall-report -->\n'));
  assert.ok(comments[0]!.body.includes(`metric/?id=ci-1%2Fcore%2Fparse%2Fsmall&highlight=${head}`));
  assert.deepEqual(fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), [
    'POST /repos/acme/parser/issues/5/comments',
    `POST /repos/acme/parser/statuses/${head}`,
    `PATCH /repos/acme/parser/issues/comments/${comments[0]!.id}`,
    `POST /repos/acme/parser/statuses/${head}`,
  ]);
  assert.match(first.stderr, /created the report comment on acme\/parser#5/);
  assert.match(second.stderr, /updated the report comment on acme\/parser#5/);

  assert.equal(fake.statuses.length, 2);
  const status = fake.statuses[1]!;
  assert.equal(status.state, 'failure');
  assert.equal(status.context, 'pitwall');
  assert.equal(status.target_url, `${SITE}compare/?base=${base}&head=${head}`);
  assert.match(status.description ?? '', /^Regression: 1 regression \(worst core\/parse\/small \+19\.8%\), 2 unchanged$/);

  const summary = readFileSync(summaryFile, 'utf8');
  assert.equal(summary.split('<!-- pitwall-report -->').length - 1, 2, 'each run appends its report');
  assert.ok(!first.stdout.includes(fake.token) && !first.stderr.includes(fake.token));
});

test('a comparison without regression posts a success status', async (t) => {
  const { project, fake, env } = await setUp(t, 100.2);
  const result = await runCompare(['--offline', '--status'], { cwd: project.dir, env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(fake.statuses[0]?.state, 'success');
  assert.equal(fake.statuses[0]?.description, 'No significant change: 3 unchanged');
  assert.equal(fake.comments('acme', 'parser', 5).length, 0, 'no comment without --comment');
});

test('a GitHub that stays down leaves the exit code to the comparison and prints a warning, never the token', async (t) => {
  const { project, fake, env, summaryFile } = await setUp(t);
  fake.failNext(Infinity, { kind: 'status', status: 503 });
  const result = await runCompare(PUBLISH, { cwd: project.dir, env });
  assert.equal(result.code, 1, 'the regression decides, not GitHub');
  assert.match(result.stderr, /warning: cannot publish the pull request comment: GitHub API GET \/repos\/acme\/parser\/pulls\/5 failed: GitHub answered HTTP 503/);
  assert.match(result.stderr, /warning: cannot publish the commit status/);
  assert.match(result.stderr, /GitHub GET \/repos\/acme\/parser\/pulls\/5: server error \(HTTP 503\), retrying/);
  assert.ok(fake.faulted >= 8, 'every request was retried');
  assert.match(readFileSync(summaryFile, 'utf8'), /pitwall: Regression/, 'the job summary does not need GitHub');
  for (const text of [result.stdout, result.stderr]) assert.ok(!text.includes(fake.token));

  const relaxed = await runCompare([...PUBLISH, '--fail-on', 'never'], { cwd: project.dir, env });
  assert.equal(relaxed.code, 0);
});

test('a refused token is a warning that never shows the token', async (t) => {
  const { project, fake, env } = await setUp(t);
  const wrong = 'ghp_thisTokenIsWrong0123456789';
  const result = await runCompare(PUBLISH, { cwd: project.dir, env: { ...env, GITHUB_TOKEN: wrong } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /warning: cannot publish the pull request comment: .*HTTP 401\): Bad credentials/);
  assert.equal(fake.comments('acme', 'parser', 5).length, 0);
  for (const text of [result.stdout, result.stderr]) {
    assert.ok(!text.includes(wrong), 'the token is not printed');
    assert.ok(!text.includes(fake.token));
  }
});

test('outside a pull request --comment is skipped with a warning while the status is still posted', async (t) => {
  const { project, fake, env, head } = await setUp(t, 120, { ref: 'refs/heads/feature' });
  const result = await runCompare(['--offline', '--comment', '--status'], { cwd: project.dir, env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /warning: not a pull request/);
  assert.equal(fake.statuses[0]?.sha, head);
  fake.addRepository({ owner: 'acme', name: 'other', pulls: [{ number: 9, head }] });
  const explicit = await runCompare(['--offline', '--comment', '--pr', '9', '--repo', 'acme/other'], { cwd: project.dir, env });
  assert.equal(explicit.code, 1, explicit.stderr);
  assert.equal(fake.comments('acme', 'other', 9).length, 1);
  const invalid = await runCompare(['--offline', '--comment', '--pr', 'nine'], { cwd: project.dir, env });
  assert.equal(invalid.error?.code, 'USAGE');
});

test('without a token the GitHub targets are skipped with a warning', async (t) => {
  const { project, fake, env } = await setUp(t);
  const result = await runCompare(['--offline', '--comment', '--status'], { cwd: project.dir, env: { ...env, GITHUB_TOKEN: '' } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /warning: no GitHub token/);
  assert.equal(fake.requests.length, 0);
});

test('the README\'s two calls: benchmark offline without the token, then publish with it', async (t) => {
  const { project, fake, env } = await setUp(t);
  const bench = await runCompare(['--run', '--confirm', '2', '--offline'], { cwd: project.dir, env: { ...env, GITHUB_TOKEN: '' } });
  assert.equal(bench.code, 1, bench.stderr);
  assert.doesNotMatch(bench.stderr, /warning: (GITHUB|PITWALL)_TOKEN is set/);
  assert.match(bench.stderr, /re-running/);
  assert.equal(fake.requests.length, 0);
  const publish = await runCompare(['--offline', '--comment', '--status', '--summary'], { cwd: project.dir, env });
  assert.equal(publish.code, 1, publish.stderr);
  assert.equal(fake.comments('acme', 'parser', 5).length, 1);
  assert.equal(fake.statuses.length, 1);
  const exposed = await runCompare(['--run', '--offline'], { cwd: project.dir, env });
  assert.match(exposed.stderr, /warning: GITHUB_TOKEN is set in the environment of the process that runs the suites/);
});

test('a comparison of a commit that is no longer the head leaves the report comment alone and still sets its status', async (t) => {
  const { project, fake, env, head } = await setUp(t);
  const first = await runCompare(PUBLISH, { cwd: project.dir, env });
  assert.equal(first.code, 1, first.stderr);
  const before = fake.comments('acme', 'parser', 5).map((c) => c.body);
  const newer = 'e'.repeat(40);
  fake.pushToPull('acme', 'parser', 5, newer);
  const late = await runCompare(PUBLISH, { cwd: project.dir, env });
  assert.equal(late.code, 1);
  assert.match(late.stderr, new RegExp(`warning: the head of acme/parser#5 is now eeeeeee, not the compared ${head.slice(0, 7)}: the report comment is left as it is`));
  assert.deepEqual(fake.comments('acme', 'parser', 5).map((c) => c.body), before, 'the comment is not replaced by an older commit\'s report');
  assert.deepEqual(fake.statuses.map((s) => s.sha), [head, head]);
});
