import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { git, makeProject, runCli } from '../../helpers/cli.ts';

const SUITE = '#!/bin/sh\nprintf \'{"metric":"parse/small","samples":[1.1,1.2,1.3],"unit":"ms"}\\n\' > "$2"\necho "parsed"\n';

interface Setup {
  dir: string;
  head: string;
  runs: string;
  approvalFile: string;
}

/** A project whose main tip has a run on the remote, a branch commit benchmarked locally and saved, and the approval of that commit. */
async function setUp(t: { after: (fn: () => unknown) => void }): Promise<Setup> {
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  createBareRepo(server.root, 'r.git');
  const project = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': `machine: m1\nremote: ${server.url('r.git')}\nsuites:\n  - name: core\n    script: bench/ok.sh\n` }, ['bench/ok.sh']);
  t.after(project.cleanup);
  const { dir } = project;
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  git(dir, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(dir, 'change.txt'), 'x');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Change');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  assert.equal((await runCli(['run', '--no-push'], { cwd: dir })).code, 0);
  const temp = mkdtempSync(join(tmpdir(), 'pitwall-artifact-'));
  t.after(() => rmSync(temp, { recursive: true, force: true }));
  const runs = join(temp, 'runs');
  const approvalFile = join(temp, 'approval', 'approval.json');
  mkdirSync(join(temp, 'approval'));
  writeFileSync(approvalFile, JSON.stringify({ schema: 1, repository: 'acme/parser', pr: 3, sha: head, approvedBy: 'maintainer', event: 'issue_comment' }));
  return { dir, head, runs, approvalFile };
}

/** A fresh clone of the main branch, as the publishing job checks it out. */
function publisherClone(t: { after: (fn: () => unknown) => void }, from: string): string {
  const temp = mkdtempSync(join(tmpdir(), 'pitwall-publisher-'));
  t.after(() => rmSync(temp, { recursive: true, force: true }));
  git(temp, 'clone', '-q', '-b', 'main', from, 'repo');
  const dir = join(temp, 'repo');
  git(dir, 'config', 'user.email', 'dev@example.com');
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

test('artifact save writes only the runs the remote lacks; load checks and commits them; a second load adds nothing', { timeout: 60_000 }, async (t) => {
  const { dir, head, runs, approvalFile } = await setUp(t);
  const saved = await runCli(['artifact', 'save', runs], { cwd: dir });
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stderr, /saved 1 run \(2 files\)/);
  const files = listFiles(runs);
  assert.equal(files.length, 2);
  assert.ok(files.every((f) => f.startsWith('runs/m1/') && f.includes(`-${head.slice(0, 7)}-core.`)));

  const publisher = publisherClone(t, dir);
  const outputs = join(publisher, '..', 'outputs');
  writeFileSync(outputs, '');
  const loaded = await runCli(['artifact', 'load', runs, '--approval', approvalFile, '--repo', 'acme/parser'], { cwd: publisher, env: { GITHUB_OUTPUT: outputs } });
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.match(loaded.stderr, /loaded 1 run for acme\/parser#3/);
  assert.equal(readFileSync(outputs, 'utf8'), `pr=3\nsha=${head}\n`);
  const onBranch = git(publisher, 'ls-tree', '-r', '--name-only', 'results').split('\n');
  for (const file of files) assert.ok(onBranch.includes(file), `${file} is on the results branch`);
  assert.equal(git(publisher, 'show', `results:${files[0]}`), readFileSync(join(runs, files[0]!), 'utf8'), 'the log arrives as saved');
  const again = await runCli(['artifact', 'load', runs, '--approval', approvalFile, '--repo', 'acme/parser'], { cwd: publisher });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /1 run was on results already/);
});

test('the help examples of artifact run as written', { timeout: 60_000 }, async (t) => {
  const { dir, runs, approvalFile } = await setUp(t);
  const runnerTemp = join(runs, '..');
  const saved = await runCli(['artifact', 'save', `${runnerTemp}/pitwall-runs`], { cwd: dir, env: { RUNNER_TEMP: runnerTemp } });
  assert.equal(saved.code, 0, saved.stderr);
  const publisher = publisherClone(t, dir);
  mkdirSync(join(publisher, 'approval'));
  writeFileSync(join(publisher, 'approval', 'approval.json'), readFileSync(approvalFile));
  rmSync(join(publisher, 'runs'), { recursive: true, force: true });
  cpSync(`${runnerTemp}/pitwall-runs`, join(publisher, 'runs'), { recursive: true });
  const loaded = await runCli(['artifact', 'load', 'runs', '--approval', 'approval/approval.json'], { cwd: publisher, env: { GITHUB_REPOSITORY: 'acme/parser' } });
  assert.equal(loaded.code, 0, loaded.stderr);
});

test('load refuses the whole folder, writing nothing, for anything but the approved commit\'s or main\'s runs', { timeout: 60_000 }, async (t) => {
  const { dir, head, runs, approvalFile } = await setUp(t);
  assert.equal((await runCli(['artifact', 'save', runs], { cwd: dir })).code, 0);
  const publisher = publisherClone(t, dir);
  const tip = () => git(publisher, 'for-each-ref', '--format=%(objectname)', 'refs/heads/results').trim();
  const before = tip();
  const [jsonl] = listFiles(runs).filter((f) => f.endsWith('.jsonl'));
  const good = readFileSync(join(runs, jsonl!), 'utf8');
  const other = 'b'.repeat(40);
  const cases: [string, () => void, RegExp][] = [
    ['a run of a commit nobody approved', () => writeFileSync(join(runs, jsonl!), good.split(head).join(other)), /commit b{40} is neither the approved head/],
    ['a file outside the run layout', () => writeFileSync(join(runs, 'notes.mdx'), '---\ntitle: x\n---\n'), /notes\.mdx: not a run file path/],
    ['a symbolic link', () => symlinkSync('/etc/passwd', join(runs, 'runs', 'm1', 'link.log')), /link\.log: not a plain file/],
    ['a line that is not a record', () => writeFileSync(join(runs, jsonl!), `${good}{"kind":"measurement"}\n`), /line 3/],
    ['a log without its run', () => writeFileSync(join(runs, jsonl!.replace(/[^/]+$/, 'x.log')), 'orphan'), /a log without its run file/],
    ['a run whose path and record disagree', () => writeFileSync(join(runs, jsonl!.replace('-core.jsonl', '-other.jsonl')), good), /not ".*-other" as its path does/],
    ['a file over the size limit', () => truncateSync(join(runs, jsonl!), 17 * 1024 * 1024), /bytes, over the limit of 16777216/],
    ['bytes that are not UTF-8', () => writeFileSync(join(runs, jsonl!), Buffer.from([0xff, 0xfe, 0x00])), /not UTF-8 text/],
  ];
  for (const [name, spoil, message] of cases) {
    // Each case spoils the saved folder, and the next starts from a fresh copy of it.
    const copy = mkdtempSync(join(tmpdir(), 'pitwall-spoiled-'));
    t.after(() => rmSync(copy, { recursive: true, force: true }));
    cpSync(runs, copy, { recursive: true });
    spoil();
    const result = await runCli(['artifact', 'load', runs, '--approval', approvalFile, '--repo', 'acme/parser'], { cwd: publisher });
    assert.equal(result.code, 2, `${name}: ${result.stderr}`);
    assert.match(result.stderr, /error: Refusing the runs in/, name);
    assert.match(result.stderr, message, name);
    assert.equal(tip(), before, `${name}: nothing was written`);
    rmSync(runs, { recursive: true, force: true });
    cpSync(copy, runs, { recursive: true });
  }
});

test('load refuses an approval for another repository or with extra fields', { timeout: 60_000 }, async (t) => {
  const { dir, head, runs, approvalFile } = await setUp(t);
  assert.equal((await runCli(['artifact', 'save', runs], { cwd: dir })).code, 0);
  const publisher = publisherClone(t, dir);
  const other = await runCli(['artifact', 'load', runs, '--approval', approvalFile, '--repo', 'evil/parser'], { cwd: publisher });
  assert.equal(other.code, 2);
  assert.match(other.stderr, /"repository" is "acme\/parser", not evil\/parser/);
  writeFileSync(approvalFile, JSON.stringify({ schema: 1, repository: 'acme/parser', pr: 3, sha: head, approvedBy: 'm', event: 'issue_comment', comment: 'x' }));
  const extra = await runCli(['artifact', 'load', runs, '--approval', approvalFile, '--repo', 'acme/parser'], { cwd: publisher });
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /unknown key "comment"/);
});

test('a runs folder that was never uploaded (nothing new was run) loads no runs and still names the approval', { timeout: 60_000 }, async (t) => {
  const { dir, head, runs, approvalFile } = await setUp(t);
  const publisher = publisherClone(t, dir);
  const outputs = join(publisher, '..', 'outputs');
  writeFileSync(outputs, '');
  const loaded = await runCli(['artifact', 'load', runs, '--approval', approvalFile, '--repo', 'acme/parser'], { cwd: publisher, env: { GITHUB_OUTPUT: outputs } });
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.match(loaded.stderr, /loaded 0 runs/);
  assert.equal(readFileSync(outputs, 'utf8'), `pr=3\nsha=${head}\n`);
});
