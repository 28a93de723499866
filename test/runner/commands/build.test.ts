import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, makeProject, runCli } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"parse/small","samples":[%s,%s],"unit":"ms"}\\n' "$(cat "$1/SPEED")" "$(cat "$1/SPEED")" > "$2"\n`;

test('pitwall build makes the dashboard under a base path, with notes from the branch and from the repository', { timeout: 180_000 }, async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/ok.sh': SUITE,
    'SPEED': '10',
    'pitwall.yaml': 'machine: m1\nsite:\n  url: https://acme.example/parser/\n  title: parser benchmarks\n  notes: docs/perf-notes\nsuites:\n  - name: core\n    script: bench/ok.sh\n',
    'docs/perf-notes/folder-note.md': '---\ntitle: A note kept in the repository\nmetrics: ["parse/**"]\n---\nWritten beside the code.\n',
  }, ['bench/ok.sh']);
  const out = mkdtempSync(join(tmpdir(), 'pitwall-build-test-'));
  t.after(() => { cleanup(); rmSync(out, { recursive: true, force: true }); });
  for (const speed of ['10.1', '9.9', '10.05']) {
    writeFileSync(join(dir, 'SPEED'), speed);
    git(dir, 'commit', '-qam', `Speed ${speed}`);
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  }
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  await writeRun(await openResultsRepo({ dir }), {
    files: [{ path: 'notes/branch-note.mdx', content: `---\ntitle: A note on the results branch\ncommits: [${head.slice(0, 7)}]\n---\nThe <b>bold</b> claim stays text.\n` }],
    message: 'note',
  });

  const result = await runCli(['build', '--out', out], { cwd: dir, timeoutMs: 170_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /analysed 1 series over 3 commits/);
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  assert.match(index, /parser benchmarks/);
  assert.match(index, /(src|href)="\/parser\/_astro\//, 'assets live under the base path taken from site.url');
  assert.ok(existsSync(join(out, 'notes', 'branch-note', 'index.html')));
  assert.ok(existsSync(join(out, 'notes', 'folder-note', 'index.html')));
  const branchNote = readFileSync(join(out, 'notes', 'branch-note', 'index.html'), 'utf8');
  assert.match(branchNote, /&lt;b&gt;bold&lt;\/b&gt;/, 'HTML in a note is shown as text');
  assert.doesNotMatch(branchNote, /<b>bold<\/b>/);
  const summary = readFileSync(join(out, 'data', 'summary.json'), 'utf8');
  assert.match(summary, /parse\/small/);
  const atom = readFileSync(join(out, 'regressions.atom'), 'utf8');
  assert.match(atom, /https:\/\/acme\.example\/parser\//, 'feed links are absolute');
});
