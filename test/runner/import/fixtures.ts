/** Small hand-written histories in the formats `pitwall import` reads, and paths to the real ones. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HISTORIES = fileURLToPath(new URL('../../../../shared/data/histories/', import.meta.url));
export const REAL_GAB = join(HISTORIES, 'github-action-benchmark', 'data.js');
export const REAL_ASV = join(HISTORIES, 'django-asv', 'asv-results');
export const skipWithoutRealGab = existsSync(REAL_GAB) ? false : `the github-action-benchmark history is not here (expected ${REAL_GAB}, beside the repository)`;
export const skipWithoutRealAsv = existsSync(REAL_ASV) ? false : `the django asv results are not here (expected ${REAL_ASV}, beside the repository)`;

export const SHA = {
  a: 'aaaaaaa1111111111111111111111111111111111'.slice(0, 40),
  b: 'bbbbbbb2222222222222222222222222222222222'.slice(0, 40),
  c: 'ccccccc3333333333333333333333333333333333'.slice(0, 40),
};

/** A metric name a CSV writer must quote: a comma and a double quote. */
export const AWKWARD_METRIC = 'parse "big", cold';

function commit(id: string, message: string, timestamp: string): Record<string, unknown> {
  return {
    author: { email: 'ana@example.com', name: 'Ana', username: 'ana' },
    committer: { email: 'ana@example.com', name: 'Ana', username: 'ana' },
    distinct: true,
    id,
    message,
    timestamp,
    tree_id: '0'.repeat(40),
    url: `https://example.com/commit/${id}`,
  };
}

/**
 * Three suites as github-action-benchmark writes them: a Rust one (ns/iter,
 * a range), a Benchmark.js one (ops/sec, higher is better) with an empty entry
 * and an invalid value, and a custom one with string values.
 */
export function makeGabData(ids: { a: string; b: string; c: string } = SHA): Record<string, unknown> {
  return {
    lastUpdate: 1767225600000,
    repoUrl: 'https://example.com/project',
    entries: {
      'Rust Benchmark': [
        { commit: commit(ids.a, 'First change\n\nWith a body', '2026-01-01T09:00:00+09:00'), date: 1767225600000, tool: 'cargo', benches: [
          { name: 'bench_fib_10', value: 254, range: '+/- 35', unit: 'ns/iter' },
          { name: AWKWARD_METRIC, value: 1500, range: '+/- 2', unit: 'ns/iter' },
        ] },
        { commit: commit(ids.b, 'Second change', '2026-01-02T00:00:00Z'), date: 1767312000000, tool: 'cargo', benches: [
          { name: 'bench_fib_10', value: 260, range: '+/- 30', unit: 'ns/iter' },
          { name: AWKWARD_METRIC, value: 1490, range: '+/- 2', unit: 'ns/iter' },
        ] },
      ],
      'Benchmark.js Benchmark': [
        { commit: commit(ids.a, 'First change', '2026-01-01T09:00:00+09:00'), date: 1767225700000, tool: 'benchmarkjs', benches: [
          { name: 'fib(10)', value: 1594568, range: '±0.19%', unit: 'ops/sec', extra: '94 samples' },
          { name: 'fib(20)', value: 'n/a', unit: 'ops/sec' },
        ] },
        { commit: commit(ids.b, 'Second change', '2026-01-02T00:00:00Z'), date: 1767312100000, tool: 'benchmarkjs', benches: [] },
        { commit: commit(ids.c, 'Third change', '2026-01-03T00:00:00Z'), date: 1767398500000, tool: 'benchmarkjs', benches: [
          { name: 'fib(10)', value: 1600000, unit: 'ops/sec' },
        ] },
      ],
      'Custom Bigger': [
        { commit: commit(ids.c, 'Third change', '2026-01-03T00:00:00Z'), date: 1767398600000, tool: 'customBiggerIsBetter', benches: [
          { name: 'cache hit rate', value: '31', unit: 'Percent' },
          { name: 'glued', value: 40052, unit: 'ns/op\t         4.000 auxMetricUnits' },
        ] },
      ],
    },
  };
}

/** The data as the action writes it on gh-pages. */
export function formatGabDataJs(data: unknown): string {
  return `window.BENCHMARK_DATA = ${JSON.stringify(data, null, 2)}`;
}

function asvResult(commitHash: string, date: number, started: number, results: Record<string, unknown[]>): string {
  return JSON.stringify({
    commit_hash: commitHash,
    env_name: 'virtualenv-py3.12',
    date,
    params: { arch: 'x86_64', cpu: 'AMD EPYC 7B13', machine: 'ci-runner', num_cpu: '2', os: 'Linux 6.1.0', python: '3.12', ram: '8137624' },
    python: '3.12',
    requirements: {},
    env_vars: {},
    result_columns: ['result', 'params', 'version', 'started_at', 'duration', 'samples'],
    results: Object.fromEntries(Object.entries(results).map(([name, [value, samples]]) => [name, [value, [], 'v1', started, 0.5, samples]])),
    durations: {},
    version: 2,
  });
}

/**
 * An asv project: a config with comment lines, benchmarks.json, and two result
 * files of machine "ci-runner", one with a failed benchmark.
 */
export function writeAsvProject(dir: string): void {
  mkdirSync(join(dir, 'results', 'ci-runner'), { recursive: true });
  writeFileSync(join(dir, 'asv.conf.json'), '{\n    // The version of the config file format.\n    "version": 1,\n    "project": "demo",\n    "results_dir": "results"\n}\n');
  writeFileSync(join(dir, 'results', 'benchmarks.json'), JSON.stringify({
    'benchmarks.Parse.time_parse': { name: 'benchmarks.Parse.time_parse', type: 'time', unit: 'seconds' },
    'benchmarks.Queue.track_depth': { name: 'benchmarks.Queue.track_depth', type: 'track', unit: 'items' },
    version: 2,
  }));
  writeFileSync(join(dir, 'results', 'ci-runner', 'machine.json'), JSON.stringify({ machine: 'ci-runner', version: 1 }));
  writeFileSync(join(dir, 'results', 'ci-runner', `${SHA.a.slice(0, 8)}-virtualenv-py3.12.json`), asvResult(SHA.a, 1767225600000, 1767300000000, {
    'benchmarks.Parse.time_parse': [[0.002], [[0.0021, 0.002, 0.0019]]],
    'benchmarks.Queue.track_depth': [[12], null],
    'benchmarks.Broken.time_crash': [null, null],
  }));
  writeFileSync(join(dir, 'results', 'ci-runner', `${SHA.b.slice(0, 8)}-virtualenv-py3.12.json`), asvResult(SHA.b, 1767312000000, 1767400000000, {
    'benchmarks.Parse.time_parse': [[0.0025], [[0.0026, 0.0025, 0.0024]]],
    'benchmarks.Queue.track_depth': [[14], null],
  }));
}
