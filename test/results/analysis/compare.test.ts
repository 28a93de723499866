import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareMetrics, compareRunContexts, summarizeComparison, type SidePoint } from '../../../results/analysis/compare.ts';
import { seriesKey } from '../../../results/analysis/series-key.ts';
import type { RunRecord } from '../../../results/schema.ts';
import { median } from '../../../results/analysis/stats.ts';
import { createRandom } from '../../eval/prng.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function point(metric: string, value: number, extra: Partial<SidePoint> = {}): SidePoint {
  return { metric, suite: 'parse', machine: 'ci', value, unit: 'ms', direction: -1, ...extra };
}

const byMetric = (list: ReturnType<typeof compareMetrics>) => Object.fromEntries(list.map((c) => [c.metric, c]));

test('compareMetrics without samples counts a change past the threshold', () => {
  const thresholds = new Map([['slow', 0.05]]);
  const out = byMetric(
    compareMetrics([point('fast', 100), point('slow', 100), point('same', 100)], [point('fast', 103), point('slow', 104), point('same', 100.5)], { thresholds }),
  );
  assert.equal(out['fast']!.verdict, 'regression');
  assert.equal(out['fast']!.method, 'threshold');
  assert.equal(out['fast']!.threshold, 0.01);
  assert.equal(out['slow']!.verdict, 'unchanged');
  assert.equal(out['slow']!.threshold, 0.05);
  assert.equal(out['same']!.verdict, 'unchanged');
  assert.equal(Math.round(out['fast']!.deltaPct! * 1e9) / 1e9, 3);
  assert.equal(out['fast']!.delta, 3);
  assert.equal(out['fast']!.pValue, null);
});

test('compareMetrics names the verdict by direction', () => {
  const out = byMetric(
    compareMetrics(
      [point('time', 100), point('ops', 100, { direction: 1 }), point('size', 100, { direction: 0 })],
      [point('time', 90), point('ops', 90, { direction: 1 }), point('size', 90, { direction: 0 })],
    ),
  );
  assert.equal(out['time']!.verdict, 'improvement');
  assert.equal(out['ops']!.verdict, 'regression');
  assert.equal(out['size']!.verdict, 'changed');
  const flipped = compareMetrics([point('time', 100)], [point('time', 90)], { directions: new Map([['time', 1 as const]]) });
  assert.equal(flipped[0]!.verdict, 'regression');
});

test('compareMetrics reports metrics present on one side only as new or missing', () => {
  const out = byMetric(compareMetrics([point('old', 1), point('both', 1)], [point('new', 2), point('both', 1)]));
  assert.equal(out['old']!.verdict, 'missing');
  assert.equal(out['old']!.head, null);
  assert.equal(out['new']!.verdict, 'new');
  assert.equal(out['new']!.base, null);
  assert.equal(out['new']!.deltaPct, null);
});

test('compareMetrics with samples needs both a significant test and a change beyond the history threshold', () => {
  const base = point('t', 100, { samples: [99, 100, 101, 100.5, 99.5] });
  const shifted = point('t', 102, { samples: [101.9, 102, 102.1, 102.2, 101.8] });
  const history = { historyPoints: new Map([['t', 50]]) };
  const [c] = compareMetrics([base], [shifted], { thresholds: new Map([['t', 0.015]]), ...history });
  assert.equal(c!.verdict, 'regression', 'a 2 % shift with tight samples beyond a 1.5 % threshold');
  assert.equal(c!.method, 'welch');
  assert.equal(c!.thresholdFrom, 'history');
  assert.ok(c!.pValue! < 0.01);
  assert.ok(c!.ci![0] < 2 && 2 < c!.ci![1]);
  const [quiet] = compareMetrics([base], [shifted], { thresholds: new Map([['t', 0.1]]), ...history });
  assert.ok(quiet!.pValue! < 0.01);
  assert.equal(quiet!.verdict, 'unchanged', 'the samples are certain, but commits of this series move by up to 10 % anyway');
  const noisy = point('t', 103, { samples: [90, 115, 103, 95, 110] });
  const [d] = compareMetrics([base], [noisy]);
  assert.equal(d!.verdict, 'unchanged', 'a 3 % shift within wide samples is not significant above the 1 % floor');
  assert.ok(d!.pValue! > 0.01);
});

test('the worked example of results/analysis/README.md gives the figures it prints', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'results', 'analysis', 'README.md'), 'utf8');
  const base = point('parse/small', 100.1, { samples: [100.2, 99.8, 100.5, 99.9, 100.1] });
  const head = point('parse/small', 102.1, { samples: [102.1, 101.7, 102.4, 101.9, 102.2] });
  const judge = (threshold: number, points: number) =>
    compareMetrics([base], [head], { thresholds: new Map([['parse/small', threshold]]), historyPoints: new Map([['parse/small', points]]) })[0]!;
  const c = judge(0.015, 60);
  const figures = `+${c.deltaPct!.toFixed(2)} %, 99 % CI +${c.ci![0].toFixed(2)} % to +${c.ci![1].toFixed(2)} %, p = ${c.pValue!.toExponential(1)}`;
  assert.ok(readme.includes(figures), `README shows ${figures}`);
  assert.ok(readme.includes('base samples 100.2, 99.8, 100.5, 99.9, 100.1; head samples 102.1,\n101.7, 102.4, 101.9, 102.2'));
  assert.equal(c.verdict, 'regression');
  assert.equal(judge(0.03, 60).verdict, 'unchanged');
  const short = judge(0.03, 6);
  assert.deepEqual([short.verdict, short.thresholdFrom, short.threshold], ['regression', 'floor', 0.01]);
});

test('compareMetrics falls back to the floor where the history is too short, and says so', () => {
  const base = point('t', 100, { samples: [99, 100, 101, 100.5, 99.5] });
  const shifted = point('t', 102, { samples: [101.9, 102, 102.1, 102.2, 101.8] });
  const [c] = compareMetrics([base], [shifted], { thresholds: new Map([['t', 0.1]]), historyPoints: new Map([['t', 4]]) });
  assert.equal(c!.thresholdFrom, 'floor');
  assert.equal(c!.historyPoints, 4);
  assert.equal(c!.threshold, 0.01);
  assert.equal(c!.verdict, 'regression');
});

test('the interval excludes 0 exactly when the test is significant at the same level', () => {
  const rng = createRandom(12);
  let significant = 0;
  for (let trial = 0; trial < 400; trial++) {
    const n = 3 + (trial % 8);
    const shift = 1 + 0.004 * (trial % 10);
    const a = Array.from({ length: n }, () => 100 * Math.exp(0.01 * rng.normal()));
    const b = Array.from({ length: n + (trial % 3) }, () => 100 * shift * Math.exp(0.01 * rng.normal()));
    const [c] = compareMetrics([point('t', median(a), { samples: a })], [point('t', median(b), { samples: b })], { alpha: 0.01 });
    const excludesZero = c!.ci![0] > 0 || c!.ci![1] < 0;
    assert.equal(excludesZero, c!.pValue! < 0.01, `trial ${trial}: CI ${c!.ci} p ${c!.pValue}`);
    assert.ok(c!.ci![0] <= c!.deltaPct! && c!.deltaPct! <= c!.ci![1]);
    assert.equal(c!.ciLevel, 0.99);
    if (excludesZero) significant++;
  }
  assert.ok(significant > 50 && significant < 350, `${significant} of 400 significant: both outcomes are exercised`);
});

test('compareMetrics with samples still ignores a significant change below the floor', () => {
  const base = point('t', 100, { samples: [100, 100.001, 99.999, 100.0005] });
  const head = point('t', 100.2, { samples: [100.2, 100.201, 100.199, 100.2005] });
  const [c] = compareMetrics([base], [head]);
  assert.ok(c!.pValue! < 1e-6);
  assert.equal(c!.significant, false);
  assert.equal(c!.verdict, 'unchanged');
});

test('compareMetrics pools repeated runs of a side, their values serving as samples', () => {
  const base = [point('t', 100), point('t', 101), point('t', 99)];
  const head = [point('t', 110), point('t', 111), point('t', 109)];
  const [c] = compareMetrics(base, head);
  assert.equal(c!.base, 100);
  assert.equal(c!.head, 110);
  assert.equal(c!.method, 'welch');
  assert.equal(c!.verdict, 'regression');
});

test('compareMetrics keys thresholds by series or by metric and orders by series key', () => {
  const other = point('t', 100, { machine: 'arm' });
  const list = compareMetrics([point('t', 100), other], [point('t', 104), { ...other, value: 104 }], {
    thresholds: new Map([
      [seriesKey('arm', 'parse', 't'), 0.1],
      ['t', 0.02],
    ]),
  });
  assert.deepEqual(
    list.map((c) => [c.machine, c.threshold, c.verdict]),
    [
      ['arm', 0.1, 'unchanged'],
      ['ci', 0.02, 'regression'],
    ],
  );
});

test('summarizeComparison grades severity by thresholds spanned and failed runs', () => {
  const none = summarizeComparison(compareMetrics([point('a', 100)], [point('a', 100)]));
  assert.equal(none.verdict, 'unchanged');
  assert.equal(none.severity, 'none');
  const major = summarizeComparison(compareMetrics([point('a', 100), point('b', 100)], [point('a', 102), point('b', 90)]));
  assert.equal(major.verdict, 'regression');
  assert.equal(major.severity, 'major');
  assert.equal(major.counts.regression, 1);
  assert.equal(major.counts.improvement, 1);
  assert.equal(major.worst?.metric, 'a');
  const critical = summarizeComparison(compareMetrics([point('a', 100)], [point('a', 104)]));
  assert.equal(critical.severity, 'critical');
  const improved = summarizeComparison(compareMetrics([point('a', 100)], [point('a', 90)]));
  assert.equal(improved.verdict, 'improvement');
  const failed = summarizeComparison(compareMetrics([point('a', 100)], [point('a', 100)]), { failedRuns: 1, warnings: ['w'] });
  assert.equal(failed.verdict, 'failed');
  assert.equal(failed.severity, 'critical');
  assert.equal(failed.counts.failedRuns, 1);
  assert.deepEqual(failed.warnings, ['w']);
  const tight = [99.9, 100, 100.1, 100, 100.05];
  const belowThreshold = summarizeComparison(
    compareMetrics([point('a', 100, { samples: tight })], [point('a', 101.5, { samples: tight.map((v) => v * 1.015) })], {
      thresholds: new Map([['a', 0.03]]),
    }),
  );
  assert.equal(belowThreshold.verdict, 'unchanged', 'a certain 1.5 % change within a 3 % between-commit noise is no regression');
  assert.equal(belowThreshold.severity, 'none');
});

function runRecordWith(suiteConfig: Partial<RunRecord['suiteConfig']>): RunRecord {
  const record = runRecord();
  return { ...record, suiteConfig: { ...record.suiteConfig, ...suiteConfig } };
}

function runRecord(overrides: { machine?: string; suite?: string; fingerprint?: string; hash?: string; status?: RunRecord['status'] } = {}): RunRecord {
  return {
    schema: 1,
    kind: 'run',
    run: `${overrides.machine ?? 'ci'}/x-${overrides.suite ?? 'parse'}`,
    suite: overrides.suite ?? 'parse',
    machine: overrides.machine ?? 'ci',
    commit: 'a'.repeat(40),
    branch: 'main',
    time: '2026-11-24T20:06:26.123Z',
    status: overrides.status ?? 'ok',
    exitCode: overrides.status === 'failed' ? 2 : 0,
    signal: null,
    error: overrides.status === 'failed' ? 'exited with code 2' : null,
    durationMs: 1000,
    metrics: 3,
    log: null,
    commitInfo: { subject: 's', author: 'a', time: '2026-11-24T20:00:00Z', parents: [] },
    fingerprint: {
      id: overrides.fingerprint ?? 'fp1',
      hostname: 'h',
      cpuModel: 'CPU',
      cores: 2,
      memoryBytes: 1,
      arch: 'x64',
      os: 'linux',
      kernel: '6',
      node: '24',
      governor: null,
      turbo: null,
      smt: null,
    },
    suiteConfig: { command: 'x', repeat: 5, warmup: 1, timeoutSeconds: 60, hash: overrides.hash ?? 'h1' },
    pitwall: '0.1.0',
  };
}

test('compareRunContexts warns about another machine, another suite config and runs that failed', () => {
  assert.deepEqual(compareRunContexts([runRecord()], [runRecord()]), []);
  const warnings = compareRunContexts(
    [runRecord(), runRecord({ suite: 'render' }), runRecord({ suite: 'only-base' })],
    [runRecord({ fingerprint: 'fp2', hash: 'h2' }), runRecord({ suite: 'render', status: 'failed', fingerprint: 'fp2' })],
  );
  assert.equal(warnings.length, 4, warnings.join('\n'));
  assert.match(warnings[0]!, /^Machine "ci" differs/);
  assert.ok(warnings.some((w) => w.includes('"only-base"') && w.includes('only on base')));
  assert.ok(warnings.some((w) => w.includes('"parse"') && w.includes('h1') && w.includes('h2')));
  assert.ok(warnings.some((w) => w.includes('"render"') && w.includes('status failed')));
});

test('compareRunContexts names the bench script, command or setting that changed', () => {
  const script = (sha256: string, path = 'bench/run.sh'): RunRecord => runRecordWith({ hash: sha256, script: { path, sha256 } });
  const [changed] = compareRunContexts([script('a'.repeat(64))], [script('b'.repeat(64))]);
  assert.equal(changed, `Suite "parse" on machine "ci" changed between base and head: bench script bench/run.sh changed (sha256 ${'a'.repeat(12)} to ${'b'.repeat(12)}); differences may come from the benchmark itself`);
  const [moved] = compareRunContexts([script('a'.repeat(64))], [script('a'.repeat(64) + 'x', 'bench/main.py')]);
  assert.match(moved!, /bench script bench\/run\.sh \(sha256 a{12}\) became bench\/main\.py/);
  const [settings] = compareRunContexts([runRecordWith({ hash: 'h1' })], [runRecordWith({ hash: 'h2', command: 'y', repeat: 10 })]);
  assert.match(settings!, /command "x" became "y"; repeat 5 became 10;/);
  const [unknown] = compareRunContexts([runRecordWith({ hash: 'h1' })], [runRecordWith({ hash: 'h2' })]);
  assert.match(unknown!, /its settings or bench script changed \(config h1 to h2\)/);
});
