import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { openResultsRepo, type ResultsRepo } from '../../../results/store/repo.ts';
import { listAddedObjects, writePack } from '../../../results/store/send-pack.ts';
import { execFileSync } from 'node:child_process';
import { writeRun } from '../../../results/store/write-run.ts';
import { git, initRepo, makeTempDir, removeDir, sampleRun } from './git-fixtures.ts';

/** What native git says a commit adds to its parent: the commit, its root tree, and every changed tree and blob. */
function gitAddedObjects(dir: string, commit: string): string[] {
  const changed = git(dir, 'diff-tree', '-r', '-t', '--no-commit-id', `${commit}^`, commit)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (l.split(/\s+/)[3] as string));
  return [commit, git(dir, 'rev-parse', `${commit}^{tree}`), ...changed].sort();
}

describe('listAddedObjects', () => {
  let dir: string;
  let repo: ResultsRepo;
  before(async () => {
    dir = initRepo(makeTempDir('pitwall-send-pack-'));
    repo = await openResultsRepo({ dir, branch: 'results' });
    for (let i = 0; i < 40; i++) {
      const run = sampleRun(i % 2 === 0 ? 'm1' : 'm2', i);
      await writeRun(repo, { files: [{ path: run.path, content: run.content }, { path: run.logPath, content: run.log }], message: `run ${i}` });
    }
  });
  after(() => removeDir(dir));

  it('lists what one commit adds, as native git does, not the objects of the whole branch', async () => {
    const tip = git(dir, 'rev-parse', 'results');
    const objects = (await listAddedObjects(repo, [tip])).sort();
    assert.deepEqual(objects, gitAddedObjects(dir, tip));
    const all = git(dir, 'rev-list', '--objects', 'results').split('\n').length;
    assert.ok(objects.length < 10 && all > 100, `${objects.length} of ${all} objects`);
  });

  it('covers several commits and everything of a first commit', async () => {
    const commits = git(dir, 'rev-list', '--reverse', 'results').split('\n');
    const lastThree = commits.slice(-3);
    const expected = new Set(lastThree.flatMap((c) => gitAddedObjects(dir, c)));
    assert.deepEqual((await listAddedObjects(repo, lastThree)).sort(), [...expected].sort());
    const first = commits[0] as string;
    const everything = git(dir, 'rev-list', '--objects', first).split('\n').map((l) => l.split(' ')[0] as string).sort();
    assert.deepEqual((await listAddedObjects(repo, [first])).sort(), everything);
  });

  it('writes a pack native git reads back, object for object', async () => {
    const commits = git(dir, 'rev-list', '--reverse', 'results').split('\n').slice(0, 5);
    const oids = await listAddedObjects(repo, commits);
    const target = initRepo(makeTempDir('pitwall-send-pack-target-'));
    try {
      execFileSync('git', ['-C', target, 'index-pack', '--stdin', '--fix-thin'], { input: await writePack(repo, oids) });
      const listed = execFileSync('git', ['-C', target, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)'], { encoding: 'utf8' }).trim().split('\n');
      for (const oid of oids) assert.ok(listed.includes(oid), oid);
      assert.equal(git(target, 'cat-file', '-p', commits[4] as string), git(dir, 'cat-file', '-p', commits[4] as string));
    } finally {
      removeDir(target);
    }
  });
});
