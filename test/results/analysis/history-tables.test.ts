import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyTables } from '../../../results/analysis/history-tables.ts';
import { columnizeRun, type History } from '../../../results/store/read-history.ts';
import { formatRunFile, SCHEMA_VERSION, type MeasurementRecord, type RunRecord } from '../../../results/schema.ts';

function run(machine: string, commit: string, time: string, fingerprint: string, metrics: [string, number, number[]?][]): string {
  const id = `${machine}/${time.replace(/[-:]/g, '').slice(0, 15)}Z-${commit.slice(0, 7)}-core`;
  const record: RunRecord = {
    schema: SCHEMA_VERSION, kind: 'run', run: id, suite: 'core', machine, commit, branch: 'main', time, status: 'ok', exitCode: 0, signal: null,
    error: null, durationMs: 5, metrics: metrics.length, log: null, commitInfo: { subject: `s ${commit[0]}`, author: 'A', time, parents: [] },
    fingerprint: { id: fingerprint, hostname: machine, cpuModel: 'c', cores: 1, memoryBytes: 1, arch: 'x64', os: 'l', kernel: 'k', node: 'v', governor: null, turbo: null, smt: null },
    suiteConfig: { command: 'x', repeat: 1, warmup: 0, timeoutSeconds: 1, hash: 'h' }, pitwall: '0',
  };
  const ms: MeasurementRecord[] = metrics.map(([metric, value, samples]) => ({
    schema: SCHEMA_VERSION, kind: 'measurement', metric, value, unit: 'ms', direction: -1, ...(samples === undefined ? {} : { samples }),
    suite: 'core', machine, commit, branch: 'main', time, run: id,
  }));
  return formatRunFile(record, ms);
}

test('historyTables shapes runs, measurements, machines and commits as Arquero tables', () => {
  const a = 'a'.repeat(40);
  const b = 'b'.repeat(40);
  const texts = [
    run('m1', a, '2026-01-01T00:00:00.000Z', 'old', [['x', 1, [1, 2, 3]], ['y', 2]]),
    run('m1', b, '2026-01-02T00:00:00.000Z', 'new', [['x', 1.5]]),
    run('m2', a, '2026-01-01T01:00:00.000Z', 'other', [['x', 9]]),
  ];
  const runs = texts.map((t, i) => columnizeRun(`runs/${i}.jsonl`, `oid${i}`, t));
  const history: History = {
    runs, mainOrder: [a, b], offMain: [],
    commits: new Map(runs.map((r) => [r.run.commit, { ...r.run.commitInfo, branch: r.run.branch }])),
    orderSource: 'git', stats: { files: 3, parsed: 3, fromCache: 0 },
  };
  const tables = historyTables(history);
  assert.equal(tables.runs.numRows(), 3);
  assert.equal(tables.measurements.numRows(), 4);
  assert.deepEqual(Array.from(tables.measurements.array('samples') as ArrayLike<number>), [3, 0, 0, 0]);
  assert.deepEqual(tables.machines.objects(), [
    { machine: 'm1', runs: 2, lastRun: '2026-01-02T00:00:00.000Z', fingerprint: 'new' },
    { machine: 'm2', runs: 1, lastRun: '2026-01-01T01:00:00.000Z', fingerprint: 'other' },
  ]);
  assert.deepEqual(Array.from(tables.commits.array('position') as ArrayLike<number>), [0, 1]);
  const perMetric = tables.measurements.groupby('metric').count().orderby('metric').objects();
  assert.deepEqual(perMetric, [{ metric: 'x', count: 3 }, { metric: 'y', count: 1 }]);
});
