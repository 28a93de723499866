import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openResultsRepo, type ResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { listRunFiles, listRunRecords, readRunFile, readRuns, readTextAt } from '../../../results/store/read-runs.ts';
import { diffAddedFiles, listResultsCommits } from '../../../results/store/history.ts';
import { git, initRepo, makeTempDir, removeDir, sampleRun, type SampleRun } from './git-fixtures.ts';

describe('reading runs', () => {
  let dir: string;
  let repo: ResultsRepo;
  const written: SampleRun[] = [];
  const commits: string[] = [];

  before(async () => {
    dir = initRepo(makeTempDir());
    repo = await openResultsRepo({ dir });
    for (let i = 0; i < 12; i++) {
      const run = sampleRun(i % 2 === 0 ? 'm1' : 'm2', i);
      written.push(run);
      const files = [{ path: run.path, content: run.content }, { path: run.logPath, content: run.log }];
      commits.push((await writeRun(repo, { files, message: `run ${i}`, time: new Date(Date.UTC(2026, 10, 1, 0, i)) })).commit);
    }
  });
  after(() => removeDir(dir));

  it('reads back every run it wrote, equal, in path order', async () => {
    const progress: number[] = [];
    const runs = await readRuns(repo, { onProgress: ({ done }) => progress.push(done) });
    const expected = [...written].sort((a, b) => (a.path < b.path ? -1 : 1));
    assert.deepEqual(runs.map((r) => r.path), expected.map((r) => r.path));
    for (const [i, run] of runs.entries()) {
      assert.deepEqual(run.run, expected[i]?.run);
      assert.deepEqual(run.measurements, expected[i]?.measurements);
    }
    assert.equal(progress.length, written.length);
    assert.equal(Math.max(...progress), written.length);
  });

  it('lists run files only, with the blob oids native git sees', async () => {
    const files = await listRunFiles(repo);
    assert.equal(files.length, written.length);
    for (const file of files) {
      assert.ok(file.path.endsWith('.jsonl'));
      assert.equal(file.oid, git(dir, 'rev-parse', `results:${file.path}`));
    }
    const one = files[0]!;
    assert.deepEqual((await readRunFile(repo, one.oid, one.path)).run.run, (await listRunRecords(repo))[0]?.run);
  });

  it('reads at an older commit when given one', async () => {
    assert.equal((await listRunFiles(repo, { ref: commits[2]! })).length, 3);
    assert.equal((await readRuns(repo, { ref: commits[0]! })).length, 1);
  });

  it('reads a text file by path, and null for a missing path', async () => {
    const run = written[3]!;
    assert.equal(await readTextAt(repo, run.logPath), run.log);
    assert.equal(await readTextAt(repo, 'runs/nope.jsonl'), null);
    assert.equal(await readTextAt(repo, 'runs'), null, 'a folder is not a file');
  });

  it('gives empty results when the branch does not exist', async () => {
    const other = await openResultsRepo({ dir, branch: 'no-such-branch' });
    assert.deepEqual(await listRunFiles(other), []);
    assert.deepEqual(await readRuns(other), []);
    assert.deepEqual(await listResultsCommits(other), []);
    assert.equal(await readTextAt(other, 'x'), null);
  });

  it('reports an invalid line with its file and line', async () => {
    const bad = 'runs/m9/2026-11/01/bad.jsonl';
    await writeRun(repo, { files: [{ path: bad, content: `${written[0]!.content}{"schema":1,"kind":"measurement"\n` }], message: 'bad run' });
    try {
      await assert.rejects(readRuns(repo), (error: { code: string; message: string }) => error.code === 'RESULTS_INVALID_LINE' && error.message.includes(bad));
    } finally {
      git(dir, 'update-ref', 'refs/heads/results', commits.at(-1)!);
    }
  });

  it('lists commits newest first, with a limit', async () => {
    const all = await listResultsCommits(repo);
    assert.equal(all.length, commits.length);
    assert.deepEqual(all.map((c) => c.oid), [...commits].reverse());
    assert.equal(all[0]?.message, 'run 11');
    assert.equal(all[0]?.time, '2026-11-01T00:11:00.000Z');
    assert.deepEqual(all[0]?.author, { name: 'pitwall', email: 'pitwall@localhost' });
    assert.deepEqual(all[0]?.parents, [commits[10]]);
    assert.equal((await listResultsCommits(repo, { limit: 3 })).length, 3);
  });

  it('diffAddedFiles returns exactly the files added between two commits', async () => {
    const added = await diffAddedFiles(repo, commits[4]!, commits[7]!);
    const expected = written.slice(5, 8).flatMap((r) => [r.path, r.logPath]).sort();
    assert.deepEqual(added.map((f) => f.path).sort(), expected);
    for (const file of added) assert.equal(file.oid, git(dir, 'rev-parse', `${commits[7]}:${file.path}`));
    assert.deepEqual(await diffAddedFiles(repo, commits[7]!, commits[7]!), []);
    assert.equal((await diffAddedFiles(repo, null, commits[1]!)).length, 4);
  });

  it('matches native git diff over the whole history', async () => {
    const native = execFileSync('git', ['-C', dir, 'diff', '--name-only', '--diff-filter=AM', commits[0]!, commits.at(-1)!], { encoding: 'utf8' }).trim().split('\n').sort();
    const ours = (await diffAddedFiles(repo, commits[0]!, commits.at(-1)!)).map((f) => f.path).sort();
    assert.deepEqual(ours, native);
    assert.ok(path.isAbsolute(repo.gitdir));
  });
});
