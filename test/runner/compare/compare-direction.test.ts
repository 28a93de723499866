import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, git, makeProject } from '../../helpers/cli.ts';

/** Reports what the commit's files say: LOC as lines (no direction), PARSE in ms, RATE in MB/s. */
const BENCH = `#!/bin/sh
loc=$(cat "$1/LOC"); parse=$(cat "$1/PARSE"); rate=$(cat "$1/RATE")
awk -v l="$loc" -v p="$parse" -v r="$rate" 'BEGIN {
  printf "{\\"metric\\":\\"loc\\",\\"samples\\":[%g,%g,%g],\\"unit\\":\\"lines\\"}\\n", l, l, l
  printf "{\\"metric\\":\\"parse\\",\\"samples\\":[%g,%g,%g,%g],\\"unit\\":\\"ms\\"}\\n", p, p * 1.01, p * 0.99, p * 1.005
  printf "{\\"metric\\":\\"rate\\",\\"samples\\":[%g,%g,%g,%g],\\"unit\\":\\"MB/s\\"}\\n", r, r * 1.01, r * 0.99, r * 1.005
  printf "{\\"metric\\":\\"files\\",\\"samples\\":[%g,%g,%g]}\\n", l / 10, l / 10, l / 10
}' > "$2"
`;

interface Row { id: string; verdict: string; direction: number }

async function project(t: { after(fn: () => void): void }, rules = '') {
  const { dir, cleanup } = makeProject({
    'bench/main.sh': BENCH, LOC: '1000', PARSE: '100', RATE: '500',
    'pitwall.yaml': `machine: ci-1\nsuites:\n  - name: radar\n    script: bench/main.sh\n${rules}`,
  }, ['bench/main.sh']);
  t.after(cleanup);
  const commit = async (files: Record<string, string>, message: string) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    git(dir, 'commit', '-qam', message);
    const result = await runCli(['run', '--commit', 'HEAD'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  };
  assert.equal((await runCli(['run', '--commit', 'HEAD'], { cwd: dir })).code, 0);
  await commit({ LOC: '1001' }, 'Tidy');
  git(dir, 'checkout', '-qb', 'feature');
  return { dir, commit };
}

test('compare shows a significant change of a metric without direction as changed and does not fail', async (t) => {
  const { dir, commit } = await project(t);
  await commit({ LOC: '1500', RATE: '400' }, 'Add a module, slower writer');
  const result = await runCli(['compare', '--json', '--offline'], { cwd: dir });
  const metrics = (JSON.parse(result.stdout) as { metrics: Row[] }).metrics;
  const verdict = (name: string) => metrics.find((m) => m.id === `ci-1/radar/${name}`);
  assert.equal(verdict('loc')?.verdict, 'changed', 'lines of code growing is neither better nor worse');
  assert.equal(verdict('files')?.verdict, 'changed', 'no unit, no direction');
  assert.equal(verdict('rate')?.direction, 1, 'MB/s: higher is better');
  assert.equal(verdict('rate')?.verdict, 'regression', 'a rate that falls is a regression');
  assert.equal(verdict('parse')?.direction, -1, 'ms: lower is better');
  assert.equal(result.code, 1, 'the rate fails the pull request, the lines do not');

  git(dir, 'checkout', '-q', 'main');
  git(dir, 'checkout', '-qb', 'only-lines');
  await commit({ LOC: '2000' }, 'Only more lines');
  const lines = await runCli(['compare', '--offline'], { cwd: dir });
  assert.equal(lines.code, 0, lines.stdout + lines.stderr);
  assert.match(lines.stdout, /radar\/loc\s+1[,.]?001 lines\s+2[,.]?000 lines\s+\+99\.8%\s+changed/);
});

test('a metrics rule gives a direction the unit does not', async (t) => {
  const { dir, commit } = await project(t, 'metrics:\n  - match: "loc"\n    direction: lower\n');
  await commit({ LOC: '1500' }, 'Add a module');
  const result = await runCli(['compare', '--json', '--offline'], { cwd: dir });
  assert.equal(result.code, 1);
  const loc = (JSON.parse(result.stdout) as { metrics: Row[] }).metrics.find((m) => m.id === 'ci-1/radar/loc');
  assert.equal(loc?.verdict, 'regression');
});
