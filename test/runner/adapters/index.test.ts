import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTER_NAMES, adapters, detectFormat, getAdapter, parseWithFormat, type AdapterName } from '../../../runner/adapters/index.ts';
import { fromAdapter } from '../../../runner/bench/contract.ts';
import { assertAdapterError, readFixture, readReal, skipWithoutRealOutputs, TOOL_OUTPUTS } from './outputs.ts';

const skip = skipWithoutRealOutputs;

/** The format of each folder of real outputs. */
const FOLDERS: Record<string, AdapterName> = {
  'asv-console': 'asv',
  benchmarkdotnet: 'benchmarkdotnet',
  benchmarkjs: 'benchmarkjs',
  catch2: 'catch2',
  criterion: 'criterion',
  'go-test-bench': 'go-test',
  'google-benchmark': 'google-benchmark',
  hyperfine: 'hyperfine',
  jmh: 'jmh',
  libtest: 'libtest',
  'pytest-benchmark': 'pytest-benchmark',
};

function realFiles(): Array<{ folder: string; file: string; format: AdapterName }> {
  return Object.entries(FOLDERS).flatMap(([folder, format]) => readdirSync(join(TOOL_OUTPUTS, folder)).map((file) => ({ folder, file, format })));
}

test('the registry holds the eleven harness formats, each with a title and an example', () => {
  assert.deepEqual(ADAPTER_NAMES, [
    'criterion', 'libtest', 'google-benchmark', 'catch2', 'go-test', 'jmh', 'benchmarkdotnet', 'benchmarkjs', 'pytest-benchmark', 'hyperfine', 'asv',
  ]);
  for (const name of ADAPTER_NAMES) {
    assert.ok(adapters[name].title.length > 0, name);
    assert.match(adapters[name].example, /\$2/, `${name}'s example writes to "$2"`);
  }
});

test('getAdapter refuses an unknown format with UNKNOWN_FORMAT', () => {
  assert.equal(getAdapter('go-test'), adapters['go-test']);
  assertAdapterError(() => getAdapter('gotest'), { code: 'UNKNOWN_FORMAT' });
  assertAdapterError(() => getAdapter('toString'), { code: 'UNKNOWN_FORMAT' });
  assertAdapterError(() => parseWithFormat('pitwall', '{}', 'x'), { code: 'UNKNOWN_FORMAT' });
});

test('auto-detection names the harness of every real output that holds results', { skip }, () => {
  for (const { folder, file, format } of realFiles()) {
    const text = readReal(`${folder}/${file}`);
    if (folder === 'libtest' && file === 'zero.txt') {
      assert.equal(detectFormat(text), undefined, 'an output of zero benchmarks looks like nothing');
      continue;
    }
    assert.equal(detectFormat(text), format, `${folder}/${file}`);
  }
});

test('auto-detection recognises the hand-written variants of each format', () => {
  const cases: Array<[string, AdapterName]> = [
    ['criterion/messages.jsonl', 'criterion'],
    ['criterion/target/criterion/parse/small/new/estimates.json', 'criterion'],
    ['catch2/fib-v3.xml', 'catch2'],
    ['catch2/fib-v2.xml', 'catch2'],
    ['go-test/benchmem-count.txt', 'go-test'],
    ['google-benchmark/repetitions.json', 'google-benchmark'],
    ['google-benchmark/aggregates-only.json', 'google-benchmark'],
    ['jmh/modes-gc.json', 'jmh'],
    ['benchmarkdotnet/jobs-params.json', 'benchmarkdotnet'],
    ['asv/params-results.json', 'asv'],
    ['libtest/throughput.txt', 'libtest'],
  ];
  for (const [file, format] of cases) assert.equal(detectFormat(readFixture(file)), format, file);
});

test('parseWithFormat auto reads every real output as its own format would', { skip }, () => {
  for (const { folder, file, format } of realFiles()) {
    if (folder === 'libtest' && file === 'zero.txt') continue;
    const source = `${folder}/${file}`;
    const text = readReal(source);
    assert.deepEqual(parseWithFormat('auto', text, source), adapters[format].parse(text, source), source);
  }
});

test('parseWithFormat auto refuses text no harness wrote, naming the file', () => {
  assertAdapterError(() => parseWithFormat('auto', 'hello\nworld\n', 'notes.txt'), { code: 'FORMAT_NOT_DETECTED' });
  assert.throws(() => parseWithFormat('auto', 'hello', 'notes.txt'), /notes\.txt/);
});

test('no adapter reads another harness\'s real output silently', { skip }, () => {
  for (const { folder, file, format } of realFiles()) {
    const text = readReal(`${folder}/${file}`);
    for (const name of ADAPTER_NAMES) {
      if (name === format || (format === 'libtest' && name === 'criterion')) continue;
      let read: number;
      try {
        read = adapters[name].parse(text, file).measurements.length;
      } catch (error) {
        assert.ok((error as { code?: string }).code?.startsWith('ADAPTER_'), `${name} on ${folder}/${file}: ${(error as Error).message}`);
        continue;
      }
      assert.fail(`${name} read ${read} measurements from ${folder}/${file}`);
    }
  }
});

test('the adapters plug into the bench contract: failures and unreadable output become problems', { skip }, () => {
  const parse = fromAdapter((text, source) => parseWithFormat('libtest', text, source));
  const failed = parse(readReal('libtest/failed.txt'), 'out.txt');
  assert.equal(failed.measurements.length, 2);
  assert.deepEqual(failed.problems.map((p) => [p.source, p.line]), [['out.txt', 5]]);
  const empty = parse(readReal('libtest/zero.txt'), 'out.txt');
  assert.deepEqual(empty.measurements, []);
  assert.equal(empty.problems[0]?.line, null);
  assert.match(empty.problems[0]?.message ?? '', /no benchmark results/);
});
