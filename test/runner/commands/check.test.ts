import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, makeProject } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`;

test('pitwall check lists every invalid line of every results file with file and line', async (t) => {
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': 'machine: m1\nsuites:\n  - name: core\n    script: bench/ok.sh\n' }, ['bench/ok.sh']);
  t.after(cleanup);
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  const clean = await runCli(['check'], { cwd: dir });
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stderr, /1 run files checked, 0 problems/);

  const repo = await openResultsRepo({ dir });
  const bad = [
    '{"schema":1,"kind":"measurement","metric":"x","value":1,"unit":null,"direction":-1,"suite":"s","machine":"m","commit":"c","branch":null,"time":"t","run":"r"}',
    'not json',
    '{"schema":9,"kind":"run"}',
  ].join('\n');
  await writeRun(repo, { files: [{ path: 'runs/m1/2026-01/01/20260101T000000Z-abcdef0-broken.jsonl', content: bad }], message: 'a broken file' });
  const result = await runCli(['check', '--json'], { cwd: dir });
  assert.equal(result.code, 2);
  const { problems } = JSON.parse(result.stdout) as { problems: { file: string; line: number; message: string }[] };
  const lines = problems.filter((p) => p.file.endsWith('-broken.jsonl')).map((p) => p.line);
  assert.deepEqual(lines, [2, 3, 1], 'line 2 is not JSON, line 3 has an unknown schema, and the file has no run record');
});
