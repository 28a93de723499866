import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, git, makeProject } from '../../helpers/cli.ts';

/**
 * A bench script in the style of Radar's (`main.py <repo> <out>`): it asks git
 * about the repository it measures, so `$1` must be a git repository at the
 * commit under test.
 */
const RADAR_STYLE = `#!/bin/sh
set -e
repo="$1"
out="$2"
cd "$repo"
test "$(git rev-parse HEAD)" = "$PITWALL_COMMIT"
files=$(git ls-files | wc -l)
lines=$(git ls-files -z -- 'src/*' | xargs -0 cat | wc -l)
subject=$(git log -1 --format=%s)
described=$(git describe --tags --always)
test -z "$(git status --porcelain)"
printf '{"metric":"files","value":%s}\\n{"metric":"loc/src","value":%s,"unit":"lines"}\\n' "$files" "$lines" > "$out"
echo "measured $described: $subject" >&2
`;

function runRecords(dir: string) {
  const files = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((p) => p.endsWith('.jsonl'));
  return files.map((file) => git(dir, 'show', `results:${file}`).trim().split('\n').map((l) => JSON.parse(l)));
}

test('a bench script kept outside the measured commits runs git in "$1" with --commit on 5 historical commits', async (t) => {
  const { dir, cleanup } = makeProject({ 'src/a.rs': 'fn a() {}\n', 'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: radar\n    script: bench/main.sh\n' });
  t.after(cleanup);
  const commits = [git(dir, 'rev-parse', 'HEAD').trim()];
  git(dir, 'tag', '-a', 'v0.1.0', '-m', 'first release');
  for (let i = 1; i < 5; i++) {
    writeFileSync(join(dir, 'src', `m${i}.rs`), 'fn x() {}\n'.repeat(i + 1));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', `Add module ${i}`);
    commits.push(git(dir, 'rev-parse', 'HEAD').trim());
  }
  git(dir, 'checkout', '-qb', 'feature');
  writeFileSync(join(dir, 'src', 'feature.rs'), 'fn f() {}\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'Feature work');
  git(dir, 'checkout', '-q', 'main');
  // The bench script exists only in the working tree, untracked: no measured commit has it.
  mkdirSync(join(dir, 'bench'));
  writeFileSync(join(dir, 'bench', 'main.sh'), RADAR_STYLE);
  chmodSync(join(dir, 'bench', 'main.sh'), 0o755);
  const before = {
    status: git(dir, 'status', '--porcelain'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags').replace(/^refs\/heads\/results .*\n/m, ''),
    worktrees: git(dir, 'worktree', 'list', '--porcelain'),
    index: readFileSync(join(dir, '.git', 'index')),
    head: readFileSync(join(dir, '.git', 'HEAD'), 'utf8'),
  };
  const temp = mkdtempSync(join(tmpdir(), 'pitwall-radar-tmp-'));
  t.after(() => rmSync(temp, { recursive: true, force: true }));

  for (const commit of commits) {
    const result = await runCli(['run', '--commit', commit.slice(0, 10)], { cwd: dir, env: { TMPDIR: temp } });
    assert.equal(result.code, 0, result.stderr);
  }
  const runs = runRecords(dir);
  assert.equal(runs.length, 5);
  const sha256 = createHash('sha256').update(RADAR_STYLE).digest('hex');
  for (const [i, commit] of commits.entries()) {
    const lines = runs.find((r) => r[0].commit === commit);
    assert.ok(lines, `a run for commit ${i}`);
    const [run, ...measurements] = lines;
    assert.equal(run.status, 'ok', run.error);
    assert.equal(run.branch, 'main', 'a commit on main\'s first-parent history is recorded for main');
    assert.deepEqual(run.suiteConfig.script, { path: 'bench/main.sh', sha256 });
    const files = measurements.find((m: { metric: string }) => m.metric === 'files');
    assert.equal(files.value, i + 2, 'pitwall.yaml, src/a.rs and one module per later commit');
    const loc = measurements.find((m: { metric: string }) => m.metric === 'loc/src');
    assert.equal(loc.value, 1 + Array.from({ length: i }, (_, k) => k + 2).reduce((a, b) => a + b, 0));
    assert.equal(loc.direction, 0, 'lines have no better direction');
    const log = git(dir, 'show', `results:${run.log}`);
    assert.match(log, i === 0 ? /measured v0\.1\.0: Initial commit/ : new RegExp(`measured v0\\.1\\.0-${i}-g[0-9a-f]+: Add module ${i}`));
  }
  assert.deepEqual({
    status: git(dir, 'status', '--porcelain'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags').replace(/^refs\/heads\/results .*\n/m, ''),
    worktrees: git(dir, 'worktree', 'list', '--porcelain'),
    index: readFileSync(join(dir, '.git', 'index')),
    head: readFileSync(join(dir, '.git', 'HEAD'), 'utf8'),
  }, before);
  assert.deepEqual(readdirSync(join(temp, 'pitwall-checkouts')), [], 'every checkout is removed');

  const feature = await runCli(['run', '--commit', 'feature', '--json'], { cwd: dir, env: { TMPDIR: temp } });
  assert.equal(feature.code, 0, feature.stderr);
  assert.equal(JSON.parse(feature.stdout).runs[0].branch, 'feature', 'a revision naming a branch records that branch');
  const exported = await runCli(['export', '--metric', 'files'], { cwd: dir });
  assert.equal(exported.code, 0, exported.stderr);
  const rows = exported.stdout.trim().split('\n').slice(1);
  assert.equal(rows.length, 6);
  assert.equal(rows.filter((r) => r.split(',')[2] === 'main').length, 5, exported.stdout);
});

test('a command suite gets the checkout as "$1" and its cwd inside it, with the script of each commit', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/count.sh': '#!/bin/sh\nprintf \'{"metric":"tracked","value":%s}\\n\' "$(git -C "$1" ls-files | wc -l)" > "$2"\n',
    'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: own\n    command: sh "$1/bench/count.sh" "$1" "$2" && git rev-parse HEAD > "$PITWALL_CACHE/head"\n',
  }, ['bench/count.sh']);
  t.after(cleanup);
  const first = git(dir, 'rev-parse', 'HEAD').trim();
  writeFileSync(join(dir, 'more.txt'), 'x');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'More');
  const result = await runCli(['run', '--commit', first], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const [run, tracked] = runRecords(dir)[0]!;
  assert.equal(run.status, 'ok', run.error);
  assert.equal(tracked.value, 2);
  assert.equal(readFileSync(join(dir, '.git', 'pitwall', 'cache', 'own', 'head'), 'utf8').trim(), first, 'the cwd is the checkout, a repository at the commit');
});

test('--commit records the checked-out branch when the commit is on its history and the main branch is not there', async (t) => {
  const { dir, cleanup } = makeProject({ 'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: s\n    command: echo \'pitwall::measurement={"metric":"x","value":1}\'\n' });
  t.after(cleanup);
  git(dir, 'branch', '-m', 'main', 'master');
  writeFileSync(join(dir, 'b.txt'), 'b');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'Second');
  const result = await runCli(['run', '--commit', 'HEAD~1', '--json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).runs[0].branch, 'master');
});
