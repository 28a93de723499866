import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../../helpers/cli.ts';
import { configText, makeCompareProject, runCompare, seedMainHistory, SITE } from './compare-project.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';

process.env['TZ'] = 'UTC';

interface JsonReport {
  base: string;
  head: string;
  verdict: string;
  baseFrom: { kind: string; mainRef?: string };
  counts: Record<string, number>;
  metrics: { id: string; verdict: string; deltaPct: number | null; url: string | null }[];
  warnings: string[];
  confirmation: { rounds: number; suites: string[]; suspected: number; confirmed: number } | null;
  runs: { base: unknown[]; head: unknown[] };
}

function runFilesFor(dir: string, sha: string): string[] {
  return git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((p) => new RegExp(`-${sha.slice(0, 7)}-core(-\\d+)?\\.jsonl$`).test(p));
}

test('compare takes the merge base with main as the base, not main\'s newest results, and flags a real regression with exit 1', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  const mergeBase = await seedMainHistory(project);
  const head = project.commit(120, {}, 'Make parsing slower');
  await project.bench(head);
  // main moves on with a big improvement that the pull request must not be judged against.
  git(project.dir, 'checkout', '-q', 'main');
  await project.bench(project.commit(60, {}, 'Faster on main'));
  git(project.dir, 'checkout', '-q', 'feature');

  const result = await runCompare(['--json', '--offline'], { cwd: project.dir });
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.base, mergeBase);
  assert.equal(report.head, head);
  assert.deepEqual(report.baseFrom, { kind: 'merge-base', mainRef: 'refs/heads/main' });
  assert.equal(report.verdict, 'regression');
  const parse = report.metrics.find((m) => m.id === 'ci-1/core/parse/small');
  assert.equal(parse?.verdict, 'regression');
  assert.ok(Math.abs((parse?.deltaPct ?? 0) - 19.76) < 0.1, `delta ${parse?.deltaPct}`);
  assert.equal(report.metrics.find((m) => m.id === 'ci-1/core/stable')?.verdict, 'unchanged');
  assert.equal(report.metrics.find((m) => m.id === 'ci-1/core/size')?.verdict, 'unchanged');

  const table = await runCompare(['--offline'], { cwd: project.dir });
  assert.equal(table.code, 1);
  assert.match(table.stdout, /^pitwall compare [0-9a-f]{7}\.\.[0-9a-f]{7}: Regression: 1 regression \(worst core\/parse\/small \+19\.8%\), 2 unchanged/);
  assert.match(table.stdout, /core\/parse\/small\s+100 ms\s+120 ms\s+\+19\.8%\s+regression/);
  assert.match(table.stdout, /2 unchanged metrics not listed/);
  assert.match(table.stdout, new RegExp(`dashboard: ${SITE.replace(/[.]/g, '\\.')}compare/\\?base=${mergeBase}&head=${head}`));
});

test('failOn never in pitwall.yaml exits 0 on a regression, and --fail-on regression overrides it', async (t) => {
  const project = makeCompareProject(configText('compare:\n  failOn: never\n'));
  t.after(project.cleanup);
  await seedMainHistory(project);
  await project.bench(project.commit(130));
  const relaxed = await runCompare(['--offline'], { cwd: project.dir });
  assert.equal(relaxed.code, 0, relaxed.stderr);
  assert.match(relaxed.stdout, /Regression: 1 regression/);
  const strict = await runCompare(['--offline', '--fail-on', 'regression'], { cwd: project.dir });
  assert.equal(strict.code, 1);
  const bad = await runCompare(['--offline', '--fail-on', 'sometimes'], { cwd: project.dir });
  assert.equal(bad.error?.code, 'USAGE');
});

test('a side without results is a NO_RESULTS error, and --run benchmarks it first', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  await seedMainHistory(project);
  const head = project.commit(125);
  const without = await runCompare(['--offline'], { cwd: project.dir });
  assert.equal(without.code, 2);
  assert.equal(without.error?.code, 'NO_RESULTS');
  assert.deepEqual(runFilesFor(project.dir, head), []);

  const result = await runCompare(['--offline', '--run', '--json'], { cwd: project.dir });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(runFilesFor(project.dir, head).length, 1, 'the head run is committed to the results branch');
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.verdict, 'regression');
  assert.match(result.stderr, /head [0-9a-f]{7} has no results for core on ci-1: benchmarking it/);
  // The branch recorded for the head's run is the checked-out branch.
  const run = JSON.parse(git(project.dir, 'show', `results:${runFilesFor(project.dir, head)[0]}`).split('\n')[0]!);
  assert.equal(run.branch, 'feature');

  const again = await runCompare(['--offline', '--run', '--json'], { cwd: project.dir });
  assert.equal(again.code, 1);
  assert.equal(runFilesFor(project.dir, head).length, 1, 'a side with results is not benchmarked again');
});

test('the markdown report starts with the marker, links each metric to its chart with the head highlighted and folds unchanged metrics', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  const base = await seedMainHistory(project);
  const head = project.commit(120);
  await project.bench(head);
  const out = join(project.dir, '.git', 'report.md');
  const result = await runCompare(['--offline', '--markdown', '--output', out], { cwd: project.dir });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, '');
  const markdown = (await import('node:fs')).readFileSync(out, 'utf8');
  const lines = markdown.split('\n');
  assert.equal(lines[0], '<!-- pitwall-report -->');
  assert.match(lines[1]!, /^🔴 \*\*pitwall: Regression\*\* · 1 regression, 2 unchanged · \[`[0-9a-f]{7}`\.\.`[0-9a-f]{7}`\]\(https:\/\/bench\.example\.com\/parser\/compare\/\?base=[0-9a-f]{40}&head=[0-9a-f]{40}\)$/);
  assert.ok(markdown.includes(`[core/parse/small](${SITE}metric/?id=ci-1%2Fcore%2Fparse%2Fsmall&highlight=${head})`));
  assert.match(markdown, /#### Regressions \(1\)\n\n\| Metric \| Base \| Head \| Δ \| Confidence \|/);
  // Four commits of history measure no noise: the floor gates the change, and the report says why.
  assert.match(markdown, /\| 100 ms \| 120 ms \| \*\*\+19\.\d%\*\* \| 99% CI \+\d+\.\d+% to \+\d+\.\d+%, p (=|&lt;) [^;|]+; beyond the 1\.00% floor; history too short to measure its noise \(4 commits, 10 needed\) \|/);
  assert.match(markdown, /as few as 4 main-branch commits of history per metric, too few to measure noise \(10 needed\): such metrics are held to their floor/);
  const details = markdown.slice(markdown.indexOf('<details>'), markdown.indexOf('</details>'));
  assert.match(details, /<summary>2 unchanged<\/summary>/);
  assert.match(details, /core\/stable/);
  assert.match(details, /\| 4\.5 MB \| 4\.5 MB \|/);
  assert.ok(!markdown.slice(0, markdown.indexOf('<details>')).includes('core/stable'), 'unchanged metrics only inside <details>');
  assert.match(markdown, new RegExp(`base ${base.slice(0, 7)} is the merge base with main`));
});

test('a failed run on head fails the comparison and the report warns about it', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  await seedMainHistory(project);
  const head = project.commit(100.2, { FAIL: '1' });
  await project.bench(head);
  const result = await runCompare(['--offline', '--markdown'], { cwd: project.dir });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /❌ \*\*pitwall: Failed run\*\* · 0 unchanged, 3 missing, 1 failed run/);
  assert.match(result.stdout, /#### Warnings\n\n- ⚠️ Suite "core" on machine "ci-1" did not finish on head \(run ci-1\/[^)]+\): status failed, Suite "core" exited with code 3/);
  const never = await runCompare(['--offline', '--fail-on', 'never'], { cwd: project.dir });
  assert.equal(never.code, 0);
});

test('--confirm re-runs a suspected regression on both sides, so one noisy run does not fail the pull request', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  const base = await seedMainHistory(project);
  const head = project.commit(100.2, { FLAKY: '1' }, 'Same speed, but the first run is noisy');
  await project.bench(head);
  const unconfirmed = await runCompare(['--offline', '--json'], { cwd: project.dir });
  assert.equal(unconfirmed.code, 1, 'one noisy run alone looks like a regression');
  assert.equal((JSON.parse(unconfirmed.stdout) as JsonReport).confirmation, null);

  const result = await runCompare(['--offline', '--json', '--confirm', '2'], { cwd: project.dir });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.deepEqual(report.confirmation, { rounds: 2, suites: ['core'], suspected: 1, confirmed: 0 });
  assert.equal(report.verdict, 'unchanged');
  assert.equal(runFilesFor(project.dir, head).length, 3);
  assert.equal(runFilesFor(project.dir, base).length, 3);
  assert.equal(report.runs.head.length, 3);
});

test('a real regression stays confirmed after the re-runs', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  await seedMainHistory(project);
  await project.bench(project.commit(110));
  const result = await runCompare(['--offline', '--json', '--confirm', '1'], { cwd: project.dir });
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual((JSON.parse(result.stdout) as JsonReport).confirmation, { rounds: 1, suites: ['core'], suspected: 1, confirmed: 1 });
});

test('--base overrides the merge base, and a head on main needs one', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  await seedMainHistory(project);
  git(project.dir, 'checkout', '-q', 'main');
  const onMain = await runCompare(['--offline'], { cwd: project.dir });
  assert.equal(onMain.error?.code, 'BASE_IS_HEAD');
  const result = await runCompare(['--offline', '--base', 'HEAD~1', '--json'], { cwd: project.dir });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.deepEqual(report.baseFrom, { kind: 'given', rev: 'HEAD~1' });
  assert.equal(report.base, project.sha('HEAD~1'));
});

test('without a main branch the error says how to fetch it', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  writeFileSync(join(project.dir, 'pitwall.yaml'), configText('mainBranch: trunk\n'));
  const result = await runCompare(['--offline'], { cwd: project.dir });
  assert.equal(result.error?.code, 'MAIN_BRANCH_NOT_FOUND');
  assert.match(result.error?.hint ?? '', /fetch-depth: 0/);
});

test('a triage file that cannot be read is left out of the comparison with a warning, not fatal', async (t) => {
  const project = makeCompareProject();
  t.after(project.cleanup);
  await seedMainHistory(project);
  const head = project.commit(120, {}, 'Make parsing slower');
  await project.bench(head);
  await writeRun(await openResultsRepo({ dir: project.dir }), { files: [{ path: 'triage/broken.yaml', content: '- action: [unclosed\n' }], message: 'broken triage' });
  const result = await runCompare(['--json', '--offline'], { cwd: project.dir });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /warning: triage\/broken\.yaml:\d+:\d+: .*; the file is left out of the comparison/);
  assert.equal((JSON.parse(result.stdout) as JsonReport).verdict, 'regression');
});
