import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, runCli } from '../../helpers/cli.ts';

interface FeedChange {
  seriesId: string;
  commit: string;
  kind: string;
  status: string;
  changePct: number;
  subject: string;
}

test('pitwall demo benchmarks the sample history and its dashboard shows the real regression and improvement', { timeout: 600_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'pitwall-demo-test-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const result = await runCli(['demo', '--out', out], { cwd: tmpdir(), timeoutMs: 540_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /\[30\/30\]/, 'progress names each commit');
  assert.match(result.stdout, /Demo ready/);

  const repo = join(out, 'repo');
  const runs = git(repo, 'log', '--format=%s', 'results').trim().split('\n');
  assert.equal(runs.length, 30);
  assert.ok(runs.every((s) => /^run core @ [0-9a-f]{7} on demo-machine: \d+ metrics, ok$/.test(s)), runs.join('\n'));
  assert.equal(git(repo, 'status', '--porcelain'), '', 'the sample checkout is untouched');

  const site = join(out, 'site');
  assert.ok(existsSync(join(site, 'index.html')));
  const feed = JSON.parse(readFileSync(join(site, 'regressions.json'), 'utf8')) as { changes: FeedChange[] };
  const regression = feed.changes.find((c) => c.seriesId === 'demo-machine/core/tokenize/long' && c.kind === 'regression');
  assert.ok(regression, 'the stop-word regression of tokenize/long is on the regressions page');
  assert.match(regression.subject, /stop words/i);
  assert.equal(regression.status, 'confirmed');
  assert.ok(regression.changePct > 30, `tokenize/long got ${regression.changePct.toFixed(1)} % slower`);
  // The AND-query rewrite makes search/and about 3× faster; timing noise on a busy machine may
  // blur which of two neighbouring commits gets it, so only its size is checked.
  const improvement = feed.changes.find((c) => c.seriesId === 'demo-machine/core/search/and' && c.kind === 'improvement');
  assert.ok(improvement, 'the AND-query improvement is found');
  assert.ok(improvement.changePct < -30, `search/and got ${improvement.changePct.toFixed(1)} % faster`);
  // The count of postings it visits is deterministic: that change sits exactly on the rewrite.
  const visited = feed.changes.find((c) => c.seriesId === 'demo-machine/core/search/and//visited' && c.kind === 'improvement');
  assert.ok(visited, 'the drop in visited postings is found');
  assert.match(visited.subject, /rarest term/);
  assert.match(readFileSync(join(site, 'regressions.atom'), 'utf8'), /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
});
