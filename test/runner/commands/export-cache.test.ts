import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { readRuns } from '../../../results/store/read-runs.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { compileGlob } from '../../../results/metric-rules.ts';
import { CSV_COLUMNS, formatCsvRow } from '../../../runner/commands/export.ts';
import { initRepo } from '../../results/store/git-fixtures.ts';
import { scaleRun, writeScaleRuns } from '../../fixtures/series-cache/scale-runs.ts';

test('export --metric reads the series cache and prints what reading every run file prints', { timeout: 120_000 }, async (t) => {
  const dir = initRepo(mkdtempSync(join(tmpdir(), 'pitwall-export-cache-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = await openResultsRepo({ dir, branch: 'results' });
  await writeScaleRuns(repo, 0, 12);
  // A run edited by hand: one measurement names another branch than its run.
  const edited = scaleRun('m2', 'io', 40);
  await writeRun(repo, { files: [{ path: edited.path, content: edited.content.replace(/("metric":"case-1".*?"branch":)"main"/, '$1"elsewhere"') }], message: 'edited run' });
  assert.match(edited.content, /"metric":"case-1"/);

  /** The CSV an export must print, from every run file parsed in full. */
  const expected = async (glob: string, suite?: string) => {
    const want = compileGlob(glob);
    const runs = (await readRuns(repo)).filter((r) => suite === undefined || r.run.suite === suite)
      .sort((a, b) => (a.run.time < b.run.time ? -1 : a.run.time > b.run.time ? 1 : a.run.run < b.run.run ? -1 : 1));
    return `${CSV_COLUMNS.join(',')}\r\n${runs.flatMap((r) => r.measurements.filter((m) => want.test(m.metric)).map(formatCsvRow)).join('')}`;
  };
  for (const [glob, suite] of [['case-1', undefined], ['case-*', undefined], ['case-[02]', 'io'], ['case-3', 'core']] as const) {
    const args = ['export', '--metric', glob, ...(suite === undefined ? [] : ['--suite', suite])];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, await expected(glob, suite), args.join(' '));
  }
  assert.ok(existsSync(join(dir, '.git', 'pitwall-cache', 'manifest.json')), 'the export filled the series cache');
  assert.match((await expected('case-1')), /elsewhere/);
});
