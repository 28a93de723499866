import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hyperfine } from '../../../runner/adapters/hyperfine.ts';
import { detectFormat } from '../../../runner/adapters/index.ts';
import { assertAdapterError, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;
const SUITE = fileURLToPath(new URL('../../fixtures/suites/hyperfine-suite.sh', import.meta.url));
const hyperfineMissing = spawnSync('hyperfine', ['--version']).status === 0 ? false : 'hyperfine is not installed (apt-get install hyperfine)';

test('hyperfine reads the mean wall time with every run as a sample, and user/system as submetrics', { skip }, () => {
  const out = parseReal(hyperfine, 'hyperfine/one.json');
  assert.deepEqual(metricNames(out), ['sleep 0.01', 'sleep 0.01//user', 'sleep 0.01//system']);
  const sleep = metric(out, 'sleep 0.01');
  assert.equal(sleep.value, 0.013317239025420563);
  assert.equal(sleep.samples?.length, 214);
  assert.equal(sleep.samples?.[0], 0.01074585146);
  assert.equal(sleep.samples?.[213], 0.013416850460000001);
  assert.equal(sleep.unit, 's');
  assert.equal(sleep.direction, -1);
  assert.equal(metric(out, 'sleep 0.01//user').value, 0.0003436104672897197);
  assert.equal(metric(out, 'sleep 0.01//system').value, 0.0006016885981308419);
  assert.deepEqual(out.failures, []);
});

test('hyperfine reads several commands', { skip }, () => {
  const out = parseReal(hyperfine, 'hyperfine/two.json');
  assert.deepEqual(metricNames(out), ['sleep 0.1', 'sleep 0.1//user', 'sleep 0.1//system', 'sleep 0.2', 'sleep 0.2//user', 'sleep 0.2//system']);
  assert.equal(metric(out, 'sleep 0.1').value, 0.10753446442370372);
  assert.equal(metric(out, 'sleep 0.1').samples?.length, 27);
  assert.equal(metric(out, 'sleep 0.2').value, 0.20851399910461543);
  assertSamplesClose(metric(out, 'sleep 0.2').samples?.slice(0, 2), [0.21231231072000004, 0.20690443472000003]);
});

test('hyperfine appends the parameters to commands that share a name', () => {
  const run = (n: string) => ({ command: 'parse', mean: Number(n) / 1000, times: [Number(n) / 1000], parameters: { n } });
  const out = hyperfine.parse(JSON.stringify({ results: [run('1'), run('2')] }), 'out.json');
  assert.deepEqual(metricNames(out), ['parse [n=1]', 'parse [n=2]']);
});

test('hyperfine reports runs that exited non-zero', () => {
  const out = parseFixture(hyperfine, 'hyperfine/failing.json');
  assert.equal(metric(out, './tool --check input.txt').value, 0.0123);
  assert.equal(out.failures.length, 1);
  assert.match(out.failures[0]?.message ?? '', /2 of 3 runs.*3/);
});

test('hyperfine fails on a cut export with the line and column where it ends', () => {
  const text = readFixture('hyperfine/truncated.json');
  const lines = text.split('\n');
  assertAdapterError(() => hyperfine.parse(text, 'bench.json'), { code: 'ADAPTER_PARSE_FAILED', line: lines.length, column: (lines.at(-1) ?? '').length + 1, source: 'bench.json' });
});

test('hyperfine detects its export only', { skip }, () => {
  assert.equal(hyperfine.detect(readReal('hyperfine/one.json')), true);
  assert.equal(hyperfine.detect(readReal('hyperfine/two.json')), true);
  assert.equal(hyperfine.detect(readReal('jmh/six.json')), false);
});

test('the hyperfine example suite runs for real and its output reads as hyperfine', { skip: hyperfineMissing }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-hyperfine-'));
  try {
    const output = join(dir, 'out.json');
    execFileSync(SUITE, [dir, output], { stdio: 'ignore', timeout: 30_000 });
    const text = readFileSync(output, 'utf8');
    assert.equal(detectFormat(text), 'hyperfine');
    const out = hyperfine.parse(text, output);
    assert.deepEqual(metricNames(out), ['noop', 'noop//user', 'noop//system', 'list root', 'list root//user', 'list root//system']);
    for (const name of ['noop', 'list root']) {
      const m = metric(out, name);
      assert.equal(m.samples?.length, 5);
      assert.ok((m.value ?? 0) > 0 && (m.value ?? 0) < 5, `${name} took ${m.value} s`);
      assert.equal(m.unit, 's');
    }
    assert.deepEqual(out.failures, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hyperfine 1.15 exports (exit codes and parameters per result) read with their failures', () => {
  const scan = parseFixture(hyperfine, 'hyperfine/1.15-parameter-scan.json');
  assert.deepEqual(metricNames(scan).filter((n) => !n.includes('//')), ['sleep 0.001', 'sleep 0.002', 'sleep 0.003']);
  assert.equal(metric(scan, 'sleep 0.002').samples?.length, 3);
  assert.deepEqual(scan.failures, []);
  const failing = parseFixture(hyperfine, 'hyperfine/1.15-ignore-failure.json');
  assert.equal(failing.failures.length, 1);
  assert.match(failing.failures[0]?.message ?? '', /exit codes: 3/);
  assert.ok(metricNames(failing).includes('true'));
});
