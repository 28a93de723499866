import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchCommit } from '../../../runner/pipeline/bench-commit.ts';
import { loadConfig } from '../../../runner/config/load-config.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { readFingerprint } from '../../../runner/bench/fingerprint.ts';
import { git, makeProject } from '../../helpers/cli.ts';

test('two runs of a suite on one commit in the same second get distinct files, the second with "-2"', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/ok.sh': `#!/bin/sh\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': 'machine: m1\nsuites:\n  - name: core\n    script: bench/ok.sh\n',
  }, ['bench/ok.sh']);
  t.after(cleanup);
  const config = await loadConfig({ cwd: dir, env: {} });
  const repo = await openResultsRepo({ dir, branch: config.branch });
  const fixed = new Date('2026-11-24T10:00:00.000Z');
  const options = { config, repo, repoDir: dir, branch: 'main', fingerprint: readFingerprint(), locked: false, onProgress: () => {}, now: () => fixed };
  const first = await benchCommit(options);
  const second = await benchCommit(options);
  assert.equal(first.runs[0]!.run, 'm1/20261124T100000Z-' + first.commit.slice(0, 7) + '-core');
  assert.equal(second.runs[0]!.run, `${first.runs[0]!.run}-2`);
  const files = git(dir, 'ls-tree', '-r', '--name-only', 'results').trim().split('\n').filter((f) => f.endsWith('.jsonl'));
  assert.equal(files.length, 2);
});
