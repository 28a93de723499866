import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSiteModel, type BuildModelOptions } from '../../../results/report/build-model.ts';
import { columnizeRun, type History } from '../../../results/store/read-history.ts';
import { formatRunFile, SCHEMA_VERSION, type MeasurementRecord, type RunRecord } from '../../../results/schema.ts';
import { parseTriageFile } from '../../../results/triage.ts';

/** Deterministic noise so the test reads the same every time. */
function jitter(i: number): number {
  return (((i * 7919) % 13) - 6) / 600;
}

function makeRun(commit: string, index: number, value: number, status: RunRecord['status'] = 'ok', kernel = '6'): { text: string; id: string } {
  const id = `m1/20260101T00${String(index).padStart(2, "0")}00Z-${commit.slice(-7)}-core`;
  const time = new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString();
  const run: RunRecord = {
    schema: SCHEMA_VERSION, kind: 'run', run: id, suite: 'core', machine: 'm1', commit, branch: 'main', time, status,
    exitCode: status === 'ok' ? 0 : 1, signal: null, error: status === 'ok' ? null : 'boom', durationMs: 10, metrics: 1, log: null,
    commitInfo: { subject: `commit ${index}`, author: 'A <a@example.com>', time, parents: [] },
    fingerprint: { id: kernel === '6' ? 'fp1' : `fp-${kernel}`, hostname: 'h', cpuModel: 'cpu', cores: 2, memoryBytes: 1, arch: 'x64', os: 'linux', kernel, node: 'v24', governor: 'performance', turbo: false, smt: false },
    suiteConfig: { command: 'x', repeat: 1, warmup: 0, timeoutSeconds: 60, hash: 'h' },
    pitwall: '0.1.0',
  };
  const m: MeasurementRecord = { schema: SCHEMA_VERSION, kind: 'measurement', metric: 'parse/small', value, unit: 'ms', direction: -1, suite: 'core', machine: 'm1', commit, branch: 'main', time, run: id };
  return { text: formatRunFile(run, [m]), id };
}

/** 40 commits; the parse time steps up 20 % at commit 25 (or any values given). */
function history(failLast = false, values: readonly number[] = Array.from({ length: 40 }, (_, i) => (i >= 25 ? 12 : 10) * (1 + jitter(i)))): { history: History; commits: string[]; runIds: string[] } {
  const commits = values.map((_, i) => (i + 0x1000).toString(16).padStart(40, 'a'));
  const runIds: string[] = [];
  const runs = commits.map((c, i) => {
    const { text, id } = makeRun(c, i, values[i] as number, failLast && i === values.length - 1 ? 'failed' : 'ok');
    runIds.push(id);
    return columnizeRun(`runs/${id}.jsonl`, `oid${i}`, text);
  });
  const commitInfo = new Map(runs.map((r) => [r.run.commit, { ...r.run.commitInfo, branch: r.run.branch }]));
  return { history: { runs, mainOrder: commits, offMain: [], commits: commitInfo, orderSource: 'git', stats: { files: runs.length, parsed: runs.length, fromCache: 0 } }, commits, runIds };
}

function options(overrides: Partial<BuildModelOptions> = {}): BuildModelOptions {
  return { title: 't', rules: [], triage: [], notes: [], logs: new Map(), machineWarnings: () => [], repoUrl: null, now: new Date('2026-02-01T00:00:00Z'), ...overrides };
}

test('buildSiteModel finds the 20 % step and marks the series regressed', () => {
  const { history: h, commits } = history();
  const model = buildSiteModel(h, options());
  assert.equal(model.series.length, 1);
  const [series] = model.series;
  assert.equal(series!.id, 'm1/core/parse/small');
  assert.equal(model.changes.length, 1);
  assert.equal(model.changes[0]!.commit, commits[25]);
  assert.equal(model.changes[0]!.kind, 'regression');
  assert.ok(model.changes[0]!.changePct > 15 && model.changes[0]!.changePct < 25);
  assert.equal(model.details[0]!.points.length, 40);
  assert.equal(model.commits.length, 40);
  assert.equal(model.machines[0]!.runs, 40);
});

test('an acknowledged change keeps its change point but no longer marks the series regressed', () => {
  const { history: h, commits } = history();
  const recent = buildSiteModel({ ...h, runs: h.runs.slice(0, 30), mainOrder: commits.slice(0, 30) }, options());
  assert.equal(recent.series[0]!.status, 'regressed');
  const triage = parseTriageFile(`- action: acknowledge\n  metric: "parse/**"\n  commit: ${commits[25]!.slice(0, 7)}\n  note: accepted\n`, 'triage/a.yaml');
  const model = buildSiteModel({ ...h, runs: h.runs.slice(0, 30), mainOrder: commits.slice(0, 30) }, options({ triage }));
  assert.equal(model.changes[0]!.triage?.state, 'acknowledged');
  assert.equal(model.series[0]!.status, 'stable');
});

test('an excluded run is left out of the series and a failing newest run marks it failing', () => {
  const { history: h, runIds } = history(true);
  const triage = parseTriageFile(`- action: exclude\n  run: ${runIds[3]}\n  note: throttled\n`, 'triage/b.yaml');
  const model = buildSiteModel(h, options({ triage }));
  assert.equal(model.details[0]!.points.length, 39);
  assert.equal(model.series[0]!.status, 'failing');
});

test('the status says why: a deterministic step 14 commits ago is a regression the badge and the text name', () => {
  const values = [...Array<number>(40).fill(562), ...Array<number>(15).fill(575)];
  const { history: h, commits } = history(false, values);
  const model = buildSiteModel(h, options());
  const [series] = model.series;
  assert.equal(series!.noiseBasis, 'exact');
  assert.deepEqual(model.changes.map((c) => [c.commit, c.status, c.test]), [[commits[40], 'confirmed', 'exact']]);
  assert.equal(series!.status, 'regressed');
  assert.equal(series!.statusText, `regressed 14 commits ago, +2.3 % at ${commits[40]!.slice(0, 7)} (2026-01-01) (confirmed)`);
});

test('a change older than the status window leaves the series stable, and the text says since when', () => {
  const values = [...Array<number>(40).fill(562), ...Array<number>(45).fill(575)];
  const { history: h, commits } = history(false, values);
  const [series] = buildSiteModel(h, options()).series;
  assert.equal(series!.status, 'stable');
  assert.equal(series!.statusText, `stable for 45 commits since the +2.3 % regression at ${commits[40]!.slice(0, 7)} (2026-01-01)`);
  const [flat] = buildSiteModel(history(false, Array<number>(20).fill(562)).history, options()).series;
  assert.equal(flat!.statusText, 'stable: the value has not moved by its 1.0 % floor in 20 commits');
});

test('an acknowledged change and a failing run explain themselves', () => {
  const { history: h, commits } = history();
  const triage = parseTriageFile(`- action: acknowledge\n  metric: "parse/**"\n  commit: ${commits[25]!.slice(0, 7)}\n  note: accepted\n`, 'triage/a.yaml');
  const [acknowledged] = buildSiteModel(h, options({ triage })).series;
  assert.match(acknowledged!.statusText, /^stable: the \+(19|20|21) % regression 14 commits ago was acknowledged$/);
  const [failing] = buildSiteModel(history(true).history, options()).series;
  assert.equal(failing!.statusText, `failing: the newest run, on ${commits[39]!.slice(0, 7)}, ended failed`);
});

test('a series whose runs alternate between two machine states is bimodal, and a shift of the mixture is no change', () => {
  // Two states 8 % apart; the slow one takes 20 % of the runs, then 60 % from commit 150: the code's speed never changes.
  const values = Array.from({ length: 300 }, (_, i) => 10 * (1 + jitter(i) / 3) * ((i * 37) % 100 < (i < 150 ? 20 : 60) ? 1.08 : 1));
  const [series] = buildSiteModel(history(false, values).history, options()).series;
  assert.equal(series!.bimodal, true);
  assert.equal(series!.status, 'bimodal');
  assert.equal(series!.statusText, 'bimodal (the values alternate between two levels; changes are judged on ranks): no change in 300 commits');
});

test('a machine keeps the fingerprints of its older runs, newest first, each with its own facts', () => {
  const commits = Array.from({ length: 9 }, (_, i) => i.toString(16).padStart(40, 'b'));
  const kernels = ['5', '5', '5', '6', '6', '6', '7', '7', '7'];
  const runs = commits.map((c, i) => columnizeRun(`runs/r${i}.jsonl`, `oid${i}`, makeRun(c, i, 10, 'ok', kernels[i]).text));
  const commitInfo = new Map(runs.map((r) => [r.run.commit, { ...r.run.commitInfo, branch: r.run.branch }]));
  const model = buildSiteModel({ runs, mainOrder: commits, offMain: [], commits: commitInfo, orderSource: 'git', stats: { files: 9, parsed: 9, fromCache: 0 } }, options());
  const [machine] = model.machines;
  assert.equal(machine!.fingerprint.id, 'fp-7');
  assert.deepEqual(machine!.earlierFingerprints.map((f) => [f.id, f.kernel]), [['fp1', '6'], ['fp-5', '5']]);
});
