import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { command } from '../../../runner/commands/convert.ts';
import { ADAPTER_NAMES } from '../../../runner/adapters/index.ts';
import { FIXTURES, skipWithoutRealOutputs, TOOL_OUTPUTS } from '../adapters/outputs.ts';

const skip = skipWithoutRealOutputs;

async function convert(argv: string[], cwd = TOOL_OUTPUTS): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await command.run({ argv, cwd, env: {}, stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function rejectsWith(argv: string[], code: string, cwd?: string): Promise<void> {
  await assert.rejects(() => convert(argv, cwd), (error: unknown) => {
    assert.equal((error as { code?: string }).code, code, (error as Error).message);
    return true;
  });
}

test('convert prints the measurements as contract lines, detecting the format', { skip }, async () => {
  const { code, stdout, stderr } = await convert(['go-test-bench/three.txt']);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines[0], '{"metric":"BenchmarkFib10","value":2.102e-7,"unit":"s","direction":-1}');
  assert.deepEqual(lines.map((l) => JSON.parse(l).metric), ['BenchmarkFib10', 'BenchmarkFib20', 'BenchmarkFib20WithAuxMetric', 'BenchmarkFib20WithAuxMetric//auxMetricUnits']);
  assert.equal(lines[3], '{"metric":"BenchmarkFib20WithAuxMetric//auxMetricUnits","value":4,"unit":"auxMetricUnits"}');
  assert.match(stderr, /4 measurements .* as go-test/);
});

test('convert writes samples in the contract\'s key order', { skip }, async () => {
  const { stdout } = await convert(['--format', 'jmh', 'jmh/throughput.json']);
  assert.equal(stdout, '{"metric":"org.openjdk.jmh.samples.JMHSample_01_HelloWorld/wellHelloThere","value":3376238873.1228185,"samples":[3376842765.688582,3376519888.95058,3375353964.729294],"unit":"ops/s","direction":1}\n');
});

test('convert exits 1 and lists the failed benchmarks on stderr', { skip }, async () => {
  const { code, stdout, stderr } = await convert(['-f', 'libtest', 'libtest/failed.txt']);
  assert.equal(code, 1);
  assert.equal(stdout.trimEnd().split('\n').length, 2);
  assert.match(stderr, /libtest\/failed\.txt:5: benchmark "tests::benchmark_b" failed/);
});

test('convert refuses an unknown format before reading the file', async () => {
  await rejectsWith(['--format', 'nope', 'does-not-exist.txt'], 'UNKNOWN_FORMAT');
});

test('convert refuses a missing file, a missing argument and an extra one', async () => {
  await rejectsWith(['does-not-exist.txt'], 'CONVERT_INPUT_UNREADABLE');
  await rejectsWith([], 'USAGE');
  await rejectsWith(['a.txt', 'b.txt'], 'USAGE');
});

test('convert fails on an output the format cannot read, with the adapter\'s error', async () => {
  await rejectsWith(['--format', 'go-test', 'go-test/truncated-unit.txt'], 'ADAPTER_PARSE_FAILED', FIXTURES);
  await rejectsWith([join(FIXTURES, 'go-test', 'truncated-unit.txt'), '--format', 'benchmarkjs'], 'ADAPTER_NO_RESULTS');
});

test('convert --help lists every format with an example', () => {
  for (const name of ADAPTER_NAMES) assert.match(command.help, new RegExp(`^  ${name} `, 'm'), name);
  assert.match(command.help, /--format/);
});
