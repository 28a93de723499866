import assert from 'node:assert/strict';
import { chmod, copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runSuite } from '../../../runner/bench/run-suite.ts';
import type { RunSuiteOptions, SuiteProgress } from '../../../runner/bench/run-suite.ts';
import type { SuiteConfig } from '../../../runner/config/resolved.ts';
import { isProcessGone, makeSuite, makeTempDir, SUITES_DIR, waitFor } from './helpers.ts';

type TestContext = { after(fn: () => Promise<void>): void };

async function run(t: TestContext, suite: Partial<SuiteConfig>, options: Partial<RunSuiteOptions> = {}) {
  const tmp = await makeTempDir(t);
  const cacheDir = path.join(tmp, 'cache');
  const outcome = await runSuite(makeSuite(suite), {
    repoDir: SUITES_DIR, commit: '0123456789abcdef0123456789abcdef01234567', cacheDir, workDir: path.join(tmp, 'work'), killGraceMs: 200, ...options,
  });
  return { outcome, cacheDir };
}

test('a suite writing valid output is ok with its measurements and a timestamped log', async (t) => {
  const { outcome } = await run(t, { script: 'two-metrics.sh' });
  assert.equal(outcome.status, 'ok', outcome.error ?? '');
  assert.equal(outcome.error, null);
  assert.equal(outcome.exitCode, 0);
  assert.deepEqual(outcome.measurements, [
    { metric: 'parse/small', value: 12.5, unit: 'ms', direction: -1 },
    { metric: 'parse/large', value: 2, samples: [3, 1, 2], unit: 's' },
  ]);
  assert.deepEqual(outcome.samplesPerMetric, { 'parse/small': 1, 'parse/large': 3 });
  assert.ok(outcome.durationMs > 0);
  const lines = outcome.logText.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z run 1\/1 pitwall\| start: two-metrics\.sh /);
  assert.match(lines.at(-1) ?? '', /^\S+ run 1\/1 pitwall\| exit code 0 after \d+ ms$/);
});

test('a suite exiting 2 fails with its exit code, the run number and its last stderr lines', async (t) => {
  const { outcome } = await run(t, { script: 'exit-2.sh', repeat: 3 });
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.exitCode, 2);
  assert.match(outcome.error ?? '', /^Suite "parse" exited with code 2 on run 1 of 3\nLast lines of stderr:\n {2}parse failed: bad input$/);
  assert.match(outcome.logText, / run 1\/3 stderr\| parse failed: bad input\n/);
  assert.doesNotMatch(outcome.logText, /run 2\/3/);
});

test('a suite hanging past its timeout is killed with its grandchild and reported as timeout', async (t) => {
  const { outcome } = await run(t, { script: 'hang-with-grandchild.sh', timeoutSeconds: 0.3 });
  assert.equal(outcome.status, 'timeout');
  assert.match(outcome.error ?? '', /timed out after 0\.3 s on run 1 of 1/);
  const grandchild = Number(/stdout\| grandchild (\d+)/.exec(outcome.logText)?.[1]);
  assert.ok(grandchild > 0, outcome.logText);
  assert.ok(await waitFor(() => isProcessGone(grandchild)), `grandchild ${grandchild} still runs`);
});

test('invalid output is reported with line numbers while logs and valid measurements are kept', async (t) => {
  const { outcome } = await run(t, { script: 'invalid-output.sh' });
  assert.equal(outcome.status, 'invalid-output');
  const error = outcome.error ?? '';
  assert.match(error, /^Suite "parse" wrote invalid output on run 1 of 1:/);
  assert.match(error, /bench output "parse-run-1\.jsonl" line 3: "value" is "12ms" \(a string\); write a number such as 12 and put the unit in "unit": "ms"/);
  assert.match(error, /bench output "parse-run-1\.jsonl" line 4: is not valid JSON/);
  assert.match(outcome.logText, /stderr\| writing measurements/);
  assert.deepEqual(outcome.measurements.map((m) => m.metric), ['ok/first', 'ok/second']);
});

test('warmup runs are discarded and each measured run gives one sample', async (t) => {
  const events: SuiteProgress[] = [];
  const { outcome, cacheDir } = await run(t, { script: 'count-runs.sh', warmup: 2, repeat: 3 }, { onProgress: (_text, event) => events.push(event) });
  assert.equal(outcome.status, 'ok', outcome.error ?? '');
  assert.equal((await readFile(path.join(cacheDir, 'count'), 'utf8')).split('\n').filter(Boolean).length, 5);
  assert.deepEqual(outcome.measurements, [{ metric: 'calls', value: 4, samples: [3, 4, 5], unit: 'count' }]);
  assert.deepEqual(outcome.samplesPerMetric, { calls: 3 });
  const ends = events.filter((e) => e.state === 'end');
  assert.deepEqual(ends.map((e) => e.label), ['warmup 1/2', 'warmup 2/2', 'run 1/3', 'run 2/3', 'run 3/3']);
  const measured = ends.filter((e) => e.phase === 'measure').reduce((sum, e) => sum + (e.result?.durationMs ?? 0), 0);
  assert.equal(outcome.durationMs, measured);
  assert.match(outcome.logText, / warmup 2\/2 pitwall\| exit code 0/);
});

test('the suite gets the repository and output paths as arguments, the PITWALL_ variables, its env and its cwd', async (t) => {
  const repo = await makeTempDir(t);
  await mkdir(path.join(repo, 'bench'));
  await mkdir(path.join(repo, 'sub'));
  await copyFile(path.join(SUITES_DIR, 'report-env.sh'), path.join(repo, 'bench', 'report-env.sh'));
  await chmod(path.join(repo, 'bench', 'report-env.sh'), 0o755);
  const lines: string[] = [];
  const { outcome, cacheDir } = await run(
    t,
    { script: 'bench/report-env.sh', env: { SUITE_EXTRA: 'from config' }, cwd: 'sub' },
    { repoDir: repo, onLine: (text) => lines.push(text) },
  );
  assert.equal(outcome.status, 'ok', outcome.error ?? '');
  assert.deepEqual(outcome.measurements, [{ metric: 'env/ok', value: 1 }]);
  const seen = Object.fromEntries((await readFile(path.join(cacheDir, 'seen.txt'), 'utf8')).trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  assert.equal(seen['argc'], '2');
  assert.equal(seen['arg1'], repo);
  assert.equal(seen['repo'], repo);
  assert.equal(seen['arg2'], seen['out']);
  assert.ok(path.isAbsolute(seen['out'] ?? ''));
  assert.equal(seen['commit'], '0123456789abcdef0123456789abcdef01234567');
  assert.equal(seen['cache'], cacheDir);
  assert.equal(seen['extra'], 'from config');
  assert.equal(seen['pwd'], path.join(repo, 'sub'));
  assert.ok(lines.some((l) => / run 1\/1 stdout\| some log line$/.test(l)), lines.join('\n'));
});

test('a command runs as written, with the two paths as "$1" and "$2" and nothing appended', async (t) => {
  const { outcome } = await run(t, { command: 'echo "pitwall::measurement={\\"metric\\": \\"args\\", \\"value\\": $#}"; test -d "$1" && test ! -e "$2"' });
  assert.equal(outcome.status, 'ok', outcome.error ?? '');
  assert.deepEqual(outcome.measurements, [{ metric: 'args', value: 2 }]);
  // Appending "$@" would turn the last echo's JSON into `{…} <repo> <out>`.
  const echoed = await run(t, { command: `echo 'pitwall::measurement={"metric":"echo","value":1}'` });
  assert.equal(echoed.outcome.status, 'ok', echoed.outcome.error ?? '');
  assert.deepEqual(echoed.outcome.measurements, [{ metric: 'echo', value: 1 }]);
  const viaScript = await run(t, { command: './two-metrics.sh "$1" "$2"' });
  assert.equal(viaScript.outcome.measurements.length, 2);
});

test('a command that is not found fails with exit code 127 and says so', async (t) => {
  const { outcome } = await run(t, { command: 'no-such-command-pitwall-test' });
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.exitCode, 127);
  assert.match(outcome.error ?? '', /exited with code 127 \(command not found\) on run 1 of 1/);
});

test('a missing or non-executable script is an error outcome, not an exception', async (t) => {
  const missing = (await run(t, { script: 'no-such-script.sh' })).outcome;
  assert.equal(missing.status, 'error');
  assert.match(missing.error ?? '', /Script "no-such-script\.sh" of suite "parse" does not exist/);
  const locked = (await run(t, { script: 'not-executable.sh' })).outcome;
  assert.equal(locked.status, 'error');
  assert.match(locked.error ?? '', /chmod \+x not-executable\.sh/);
});

test('a script or cwd outside the repository is a usage error', async (t) => {
  assert.equal((await run(t, { script: '../suites/two-metrics.sh' })).outcome.status, 'ok');
  await assert.rejects(run(t, { script: '../../package.json' }), { code: 'SUITE_PATH_OUTSIDE_REPO' });
  await assert.rejects(run(t, { script: '/bin/true' }), { code: 'SUITE_PATH_OUTSIDE_REPO' });
  await assert.rejects(run(t, { command: 'true', cwd: '..' }), { code: 'SUITE_PATH_OUTSIDE_REPO' });
  await assert.rejects(run(t, {}), { code: 'SUITE_COMMAND_INVALID' });
});

test('exit 0 without any measurement is invalid output', async (t) => {
  const { outcome } = await run(t, { script: 'empty-output.sh' });
  assert.equal(outcome.status, 'invalid-output');
  assert.match(outcome.error ?? '', /reported no measurement on run 1 of 1/);
  assert.match(outcome.logText, /stdout\| nothing measured/);
});

test('units that change between runs and metrics missing from some runs are invalid output', async (t) => {
  const { outcome } = await run(t, { script: 'unit-changes.sh', repeat: 2 });
  assert.equal(outcome.status, 'invalid-output');
  assert.match(outcome.error ?? '', /metric "t" has unit "ms" on run 1 but "s" on run 2/);
  assert.match(outcome.error ?? '', /metric "only\/first" is missing from run 2 of 2/);
});

test('a run failing after a good one stops the suite and keeps the measurements so far', async (t) => {
  const { outcome, cacheDir } = await run(t, { script: 'fail-on-second-run.sh', repeat: 4 });
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.exitCode, 3);
  assert.match(outcome.error ?? '', /exited with code 3 on run 2 of 4\nLast lines of stderr:\n {2}second run broke/);
  assert.equal((await readFile(path.join(cacheDir, 'count'), 'utf8')).split('\n').filter(Boolean).length, 2);
  assert.deepEqual(outcome.measurements.map((m) => m.metric), ['t']);
});

test('a metric both in the output file and on stdout is reported twice', async (t) => {
  const { outcome } = await run(t, { command: `echo 'pitwall::measurement={"metric": "a", "value": 1}'; echo '{"metric": "a", "value": 1}' > "$2"; true` });
  assert.equal(outcome.status, 'invalid-output');
  assert.match(outcome.error ?? '', /bench stdout: metric "a" is also in "parse-run-1\.jsonl"/);
});

test('an injected parser reads other output formats', async (t) => {
  const { outcome } = await run(t, { command: `printf 'BenchmarkParse 120 ns/op\\n' > "$2"` }, {
    parseOutput: (text) => ({
      measurements: text.trim().split('\n').map((line) => {
        const [name = '', value = ''] = line.split(' ');
        return { metric: name, value: Number(value), unit: 'ns' };
      }),
      problems: [],
    }),
  });
  assert.equal(outcome.status, 'ok', outcome.error ?? '');
  assert.deepEqual(outcome.measurements, [{ metric: 'BenchmarkParse', value: 120, unit: 'ns' }]);
});

test('a node script with a shebang runs as a suite', async (t) => {
  const { outcome } = await run(t, { script: 'startup.mjs' });
  assert.equal(outcome.status, 'ok', outcome.error ?? '');
  assert.equal(outcome.measurements[0]?.metric, 'node/uptime');
});
