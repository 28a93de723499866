import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, git, makeProject } from '../../helpers/cli.ts';
import { AWKWARD_METRIC, formatGabDataJs, makeGabData, writeAsvProject } from '../import/fixtures.ts';

/** RFC 4180: fields split on commas, double quotes around a field, "" inside for one quote, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  assert.equal(field + row.join(''), '', 'the CSV ends with CRLF');
  return rows;
}

const HEADER = ['time', 'commit', 'branch', 'machine', 'suite', 'metric', 'value', 'unit', 'direction', 'samples', 'run'];

let dir = '';
let cleanup = (): void => {};
let storedMeasurements: string[] = [];

before(async () => {
  ({ dir, cleanup } = makeProject({ 'pitwall.yaml': 'suites: []\n', 'data.js': formatGabDataJs(makeGabData()) }));
  writeAsvProject(join(dir, 'asv'));
  for (const source of ['data.js', 'asv']) {
    const result = await runCli(['import', source], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  }
  const files = git(dir, 'ls-tree', '-r', '--name-only', 'results').trim().split('\n');
  storedMeasurements = files.flatMap((f) => git(dir, 'show', `results:${f}`).trim().split('\n').slice(1));
});

after(() => cleanup());

async function exportRows(...args: string[]): Promise<string[][]> {
  const result = await runCli(['export', ...args], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const [header, ...rows] = parseCsv(result.stdout);
  assert.deepEqual(header, HEADER);
  return rows;
}

test('pitwall export prints every measurement as CSV, oldest run first, that parses back', async () => {
  const rows = await exportRows();
  assert.equal(rows.length, storedMeasurements.length);
  const times = rows.map((r) => r[0] ?? '');
  assert.deepEqual(times, [...times].sort());
  const awkward = rows.find((r) => r[5] === AWKWARD_METRIC);
  assert.ok(awkward, 'the metric with a comma and a quote comes back whole');
  assert.deepEqual(awkward, ['2026-01-01T00:00:00.000Z', 'aaaaaaa111111111111111111111111111111111', '', 'imported', 'rust-benchmark', AWKWARD_METRIC, '0.0000015', 's', '-1', '', 'imported/20260101T000000Z-aaaaaaa-rust-benchmark']);
  const raw = (await runCli(['export'], { cwd: dir })).stdout;
  assert.ok(raw.includes('"parse ""big"", cold"'), 'quoted per RFC 4180');
});

test('pitwall export filters by metric glob, suite, machine and dates', async () => {
  assert.deepEqual((await exportRows('--metric', 'bench_*')).map((r) => [r[5], r[6]]), [['bench_fib_10', '2.54e-7'], ['bench_fib_10', '2.6e-7']]);
  assert.deepEqual((await exportRows('--suite', 'rust-benchmark', '--since', '2026-01-02')).map((r) => r[0]), ['2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z']);
  const firstDay = await exportRows('--until', '2026-01-01');
  assert.deepEqual([...new Set(firstDay.map((r) => r[4]))], ['rust-benchmark', 'benchmark.js-benchmark', 'virtualenv-py3.12']);
  assert.equal((await exportRows('--until', '2026-01-01T00:00:00Z')).length, 2);
  const asv = await exportRows('--machine', 'ci-runner', '--metric', '**/time_*');
  assert.deepEqual(asv.map((r) => [r[5], r[9]]), [['benchmarks.Parse/time_parse', '0.0021;0.002;0.0019'], ['benchmarks.Parse/time_parse', '0.0026;0.0025;0.0024']]);
  assert.deepEqual(await exportRows('--machine', 'nowhere'), []);
});

test('pitwall export --format jsonl gives the measurement records as stored', async () => {
  const result = await runCli(['export', '--format', 'jsonl'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.deepEqual([...lines].sort(), [...storedMeasurements].sort());
  assert.ok(lines.every((l) => JSON.parse(l).kind === 'measurement'));
  const one = await runCli(['export', '--format', 'jsonl', '--metric', 'fib(10)'], { cwd: dir });
  assert.deepEqual(one.stdout.trim().split('\n').map((l) => JSON.parse(l).value), [1594568, 1600000]);
});

test('pitwall export --output writes the file and nothing to stdout', async () => {
  const file = join(dir, 'out.csv');
  const result = await runCli(['export', '--output', file, '--suite', 'custom-bigger'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /exported 2 measurements of 1 run to/);
  assert.deepEqual(parseCsv(readFileSync(file, 'utf8')).map((r) => r[5]), ['metric', 'cache hit rate', 'glued']);
});

test('pitwall export refuses a bad date, format or glob with exit 2', async () => {
  for (const args of [['--since', 'yesterday'], ['--until', '2026-13-45'], ['--format', 'xml'], ['--metric', 'a/**b'], ['--output', join(dir, 'missing', 'x.csv')]]) {
    const result = await runCli(['export', ...args], { cwd: dir });
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '');
  }
});

test('pitwall export --metric takes a name with empty segments as it is, from the cache and from the branch', async () => {
  const measure = (metric: string, value: number): string => `echo 'pitwall::measurement={"metric":"${metric}","value":${value},"unit":"lines"}'`;
  const project = makeProject({
    'pitwall.yaml': `suites:\n  - name: loc\n    command: ${measure('files//src/a.rs//loc', 120)} && ${measure('files//src/b.rs//loc', 80)} && ${measure('files/src/a.rs/loc', 1)}\n`,
  });
  try {
    const run = await runCli(['run', '--no-push'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    for (const format of ['csv', 'jsonl']) {
      const exact = await runCli(['export', '--format', format, '--metric', 'files//src/a.rs//loc'], { cwd: project.dir });
      assert.equal(exact.code, 0, exact.stderr);
      assert.match(exact.stdout, /files\/\/src\/a\.rs\/\/loc/);
      assert.doesNotMatch(exact.stdout, /b\.rs|files\/src/);
      const pattern = await runCli(['export', '--format', format, '--metric', 'files//**//loc'], { cwd: project.dir });
      assert.equal(pattern.code, 0, pattern.stderr);
      assert.match(pattern.stdout, /b\.rs/);
      assert.doesNotMatch(pattern.stdout, /files\/src/);
    }
  } finally {
    project.cleanup();
  }
});
