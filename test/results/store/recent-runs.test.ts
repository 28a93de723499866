import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { listRecentRunRecords, parseRunPath } from '../../../results/store/recent-runs.ts';
import { listRunRecords } from '../../../results/store/read-runs.ts';
import { openResultsRepo, type ResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { runPaths } from '../../../results/layout.ts';
import { formatRunFile } from '../../../results/schema.ts';
import type { RunRecord } from '../../../results/schema.ts';
import { initRepo, makeTempDir, removeDir, sampleRun } from './git-fixtures.ts';

describe('listRecentRunRecords', () => {
  let dir: string;
  let repo: ResultsRepo;
  before(async () => {
    dir = initRepo(makeTempDir('pitwall-recent-runs-'));
    repo = await openResultsRepo({ dir, branch: 'results' });
    // Runs written out of time order, on two machines and two suites, three of them in one second.
    const times = [5, 1, 9, 3, 7, 2, 8, 6, 4, 0];
    for (const [i, t] of times.entries()) {
      const at = new Date(Date.UTC(2026, 10, 3, 12, 0, t * 10)).toISOString();
      const run = sampleRun(i % 3 === 0 ? 'm2' : 'm1', i, 2, i % 2 === 0 ? 'parse' : 'io', at);
      await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: `run ${i}` });
    }
    for (const [attempt, ms] of [[1, '100'], [2, '900'], [3, '500']] as const) {
      const base = sampleRun('m1', 20 + attempt, 2, 'parse', `2026-11-03T12:01:40.${ms}Z`);
      const paths = runPaths('m1', 'parse', base.run.commit, base.run.time, attempt);
      const run: RunRecord = { ...base.run, run: paths.id };
      await writeRun(repo, { files: [{ path: paths.results, content: formatRunFile(run, base.measurements.map((m) => ({ ...m, run: paths.id }))) }], message: `same second ${attempt}` });
    }
  });
  after(() => removeDir(dir));

  const everything = async (keep: (r: RunRecord) => boolean) =>
    (await listRunRecords(repo)).filter(keep).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));

  it('gives the newest records in the order a full read sorts them, for every limit', async () => {
    const all = await everything(() => true);
    assert.equal(all.length, 13);
    for (let limit = 0; limit <= 14; limit++) {
      const recent = await listRecentRunRecords(repo, { limit, keep: () => true });
      assert.deepEqual(recent.runs.map((r) => r.run), (limit === 0 ? all : all.slice(0, limit)).map((r) => r.run), `limit ${limit}`);
    }
  });

  it('reads only the files it needs: the newest, plus any of the same second', async () => {
    const two = await listRecentRunRecords(repo, { limit: 2, keep: () => true });
    // The three newest share a second: all three are read, ten are not.
    assert.equal(two.unread, 10);
    assert.equal(two.more, 1);
    const four = await listRecentRunRecords(repo, { limit: 4, keep: () => true });
    assert.equal(four.unread, 9);
  });

  it('filters by record and skips files whose names cannot match', async () => {
    const keep = (r: RunRecord) => r.machine === 'm2' && r.suite === 'parse';
    const recent = await listRecentRunRecords(repo, { limit: 2, keep, mayKeep: (f) => f.machine === 'm2' });
    assert.deepEqual(recent.runs.map((r) => r.run), (await everything(keep)).slice(0, 2).map((r) => r.run));
  });

  it('parseRunPath reads machine, time, commit and suite from a run file name', () => {
    assert.deepEqual(parseRunPath('runs/bench-1/2026-11/24/20261124T200626Z-1a2b3c4-parse-2.jsonl'), { machine: 'bench-1', stamp: '20261124T200626Z', shortCommit: '1a2b3c4', suiteAndAttempt: 'parse-2' });
    assert.equal(parseRunPath('runs/by-hand.jsonl'), null);
  });
});
