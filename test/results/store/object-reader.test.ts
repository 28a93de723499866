import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createObjectReader } from '../../../results/store/object-reader.ts';
import { columnizeRun, readHistory } from '../../../results/store/read-history.ts';
import { readRuns } from '../../../results/store/read-runs.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { fastImport } from '../../bench/fast-import.ts';
import { git, initRepo, makeTempDir, removeDir, sampleRun } from './git-fixtures.ts';
import { catFileBatch, hashBlob, listPackEntries, readEntryKind, writeRefDeltaPack } from './pack-fixtures.ts';

const hasCode = (code: string) => (error: { code?: unknown }) => error.code === code;

/** A text file of `lines` lines, for `makeVersions` and single files. */
function makeText(values: readonly number[]): string {
  return values.map((value, i) => `line ${i} value ${value}${i % 3 === 0 ? ` ${'x'.repeat(i % 40)}` : ''}\n`).join('');
}

/** Versions of a file, each a few lines away from the one before: git packs them as long delta chains. */
function makeVersions(count: number, lines: number, seed: number): string[] {
  const values = Array.from({ length: lines }, (_, i) => (i * 7 + seed) % 1000);
  const versions: string[] = [];
  for (let v = 0; v < count; v++) {
    values[(v * 37 + seed) % lines] = v * 13 + seed;
    values[(v * 91 + 5) % lines] = v * 17;
    versions.push(makeText(values));
  }
  return versions;
}

function makeVersion(v: number): string {
  return makeText(Array.from({ length: 600 }, (_, i) => (i * 7 + v) % 1000));
}

/** A repository with `versions` commits of two files that change a little each time, then the given git commands. */
async function makeHistoryRepo(versions: number, ...repack: string[][]): Promise<{ dir: string; gitdir: string; blobs: string[] }> {
  const dir = initRepo(makeTempDir('pitwall-objects-'));
  const a = makeVersions(versions, 600, 1);
  const b = makeVersions(versions, 300, 2);
  await fastImport(dir, 'history', (function* () {
    for (let v = 0; v < versions; v++) {
      yield {
        time: new Date(Date.UTC(2026, 0, 1) + v * 60_000).toISOString(),
        message: `version ${v}`,
        files: [{ path: 'data/a.txt', content: a[v]! }, { path: 'data/b.txt', content: b[v]! }],
      };
    }
  })());
  for (const args of repack) git(dir, ...args);
  const objects = git(dir, 'rev-list', '--objects', '--all').split('\n').map((line) => line.split(' ')[0]!);
  const types = execFileSync('git', ['-C', dir, 'cat-file', '--batch-check'], { input: `${objects.join('\n')}\n`, encoding: 'utf8' }).split('\n');
  const blobs = types.filter((line) => line.split(' ')[1] === 'blob').map((line) => line.split(' ')[0]!);
  return { dir, gitdir: path.join(dir, '.git'), blobs };
}

async function assertReadsLikeGit(gitdir: string, oids: readonly string[], options: { baseCacheBytes?: number } = {}): Promise<void> {
  const expected = catFileBatch(gitdir, oids);
  const reader = createObjectReader(gitdir, options);
  try {
    for (const oid of oids) assert.ok((await reader.readBlob(oid)).equals(expected.get(oid)!), `blob ${oid} differs from git cat-file`);
  } finally {
    reader.close();
  }
}

/** Reads one blob with a reader of its own, closed afterwards. */
async function readOnce(gitdir: string, oid: string): Promise<Buffer> {
  const reader = createObjectReader(gitdir);
  try {
    return await reader.readBlob(oid);
  } finally {
    reader.close();
  }
}

function looseCount(dir: string): number {
  return Number(/^count: (\d+)$/m.exec(git(dir, 'count-objects', '-v'))?.[1]);
}

function packFiles(gitdir: string): string[] {
  const packDir = path.join(gitdir, 'objects', 'pack');
  return readdirSync(packDir).filter((name) => name.endsWith('.pack')).map((name) => path.join(packDir, name));
}

describe('createObjectReader', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) removeDir(dir);
  });

  describe('on deep delta chains after git gc --aggressive', () => {
    let repo: Awaited<ReturnType<typeof makeHistoryRepo>>;
    before(async () => {
      repo = await makeHistoryRepo(70, ['gc', '--aggressive', '-q']);
      dirs.push(repo.dir);
    });

    it('reads every blob byte for byte as git cat-file does', async () => {
      const entries = listPackEntries(repo.gitdir);
      assert.ok(Math.max(...entries.map((e) => e.depth)) >= 20, 'the fixture has deep chains');
      const pack = packFiles(repo.gitdir)[0]!;
      assert.ok(entries.some((e) => e.depth > 0 && readEntryKind(pack, e.offset) === 6), 'the fixture has OFS_DELTA entries');
      assert.equal(looseCount(repo.dir), 0);
      assert.equal(repo.blobs.length, 140);
      await assertReadsLikeGit(repo.gitdir, repo.blobs);
    });

    it('reads the same bytes in reverse order and with no room for cached bases', async () => {
      await assertReadsLikeGit(repo.gitdir, [...repo.blobs].reverse(), { baseCacheBytes: 0 });
      await assertReadsLikeGit(repo.gitdir, [...repo.blobs].reverse(), { baseCacheBytes: 40_000 });
    });

    it('hands out blobs the caller may change without changing later reads', async () => {
      const reader = createObjectReader(repo.gitdir);
      try {
        const oid = repo.blobs[0]!;
        const first = await reader.readBlob(oid);
        const expected = Buffer.from(first);
        first.fill(0);
        assert.ok((await reader.readBlob(oid)).equals(expected));
      } finally {
        reader.close();
      }
    });

    it('reads a pack whose index keeps offsets in the large-offset table', async () => {
      const pack = packFiles(repo.gitdir)[0]!;
      const idx = pack.replace(/\.pack$/, '.idx');
      const count = listPackEntries(repo.gitdir).length;
      const before = statSync(idx).size;
      // Offsets past 12 (all but the first entry's) go to the 8-byte table; git rejects an index that moves all.
      git(repo.dir, 'index-pack', '--index-version=2,12', '-o', `${idx}.new`, pack);
      assert.equal(statSync(`${idx}.new`).size, before + 8 * (count - 1), 'offsets moved to the 8-byte table');
      renameSync(`${idx}.new`, idx);
      await assertReadsLikeGit(repo.gitdir, repo.blobs);
    });

    it('reads a pack with a version 1 index', async () => {
      const pack = packFiles(repo.gitdir)[0]!;
      const idx = pack.replace(/\.pack$/, '.idx');
      git(repo.dir, 'index-pack', '--index-version=1', '-o', `${idx}.new`, pack);
      renameSync(`${idx}.new`, idx);
      await assertReadsLikeGit(repo.gitdir, repo.blobs);
    });
  });

  it('resolves REF_DELTA entries, as packs written without delta-base offsets hold', async () => {
    const repo = await makeHistoryRepo(30, ['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-f', '-q', '--depth=40', '--window=40']);
    dirs.push(repo.dir);
    const pack = packFiles(repo.gitdir);
    assert.equal(pack.length, 1);
    const deltas = listPackEntries(repo.gitdir).filter((e) => e.depth > 0);
    assert.ok(deltas.length > 20 && deltas.every((e) => readEntryKind(pack[0]!, e.offset) === 7), 'every delta is a REF_DELTA');
    await assertReadsLikeGit(repo.gitdir, repo.blobs);
  });

  it('resolves a REF_DELTA whose base is a loose object or in another pack', async () => {
    const dir = initRepo(makeTempDir('pitwall-objects-'));
    dirs.push(dir);
    const gitdir = path.join(dir, '.git');
    const base = Buffer.from(makeVersion(1));
    const baseOid = execFileSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], { input: base, encoding: 'utf8' }).trim();
    assert.equal(baseOid, hashBlob(base));
    const suffix = Buffer.from('appended line\n'.repeat(20));
    const scratch = makeTempDir('pitwall-objects-');
    dirs.push(scratch);
    execFileSync('git', ['init', '-q', '--bare', scratch]);
    const check = writeRefDeltaPack(path.join(scratch, 'objects', 'pack'), base, suffix, { includeBase: true });
    assert.ok(catFileBatch(scratch, [check.oid]).get(check.oid)!.equals(check.content), 'native git reads the hand-made pack when it holds the base');

    // Git resolves REF_DELTA bases only within their pack, so the expected bytes come from the fixture.
    const { oid, content } = writeRefDeltaPack(path.join(gitdir, 'objects', 'pack'), base, suffix);
    const readTwice = async (): Promise<void> => {
      assert.ok((await readOnce(gitdir, oid)).equals(content));
      assert.ok((await readOnce(gitdir, baseOid)).equals(base));
    };
    await readTwice();

    execFileSync('git', ['-C', dir, 'pack-objects', '-q', path.join(gitdir, 'objects', 'pack', 'pack')], { input: `${baseOid}\n` });
    git(dir, 'prune-packed');
    assert.equal(existsSync(path.join(gitdir, 'objects', baseOid.slice(0, 2), baseOid.slice(2))), false, 'the base is no longer loose');
    assert.equal(packFiles(gitdir).length, 2);
    await readTwice();
  });

  it('reads a loose blob, binary bytes included', async () => {
    const dir = initRepo(makeTempDir('pitwall-objects-'));
    dirs.push(dir);
    const content = Buffer.alloc(70_000);
    for (let i = 0; i < content.length; i++) content[i] = (i * 31) % 256;
    const oid = execFileSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], { input: content, encoding: 'utf8' }).trim();
    assert.ok(existsSync(path.join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2))));
    const empty = execFileSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], { input: '', encoding: 'utf8' }).trim();
    const reader = createObjectReader(path.join(dir, '.git'));
    try {
      assert.ok((await reader.readBlob(oid)).equals(content));
      assert.equal((await reader.readBlob(empty)).length, 0);
    } finally {
      reader.close();
    }
  });

  it('finds objects in packs made after it was created, also after a repack removed the old pack', async () => {
    const dir = initRepo(makeTempDir('pitwall-objects-'));
    dirs.push(dir);
    const gitdir = path.join(dir, '.git');
    const write = (name: string, text: string): string => {
      writeFileSync(path.join(dir, name), text);
      git(dir, 'add', name);
      git(dir, 'commit', '-q', '-m', name);
      return git(dir, 'rev-parse', `HEAD:${name}`);
    };
    const first = write('first.txt', makeVersion(1));
    git(dir, 'gc', '-q');
    const reader = createObjectReader(gitdir);
    try {
      assert.equal((await reader.readBlob(first)).toString(), makeVersion(1));
      const second = write('second.txt', makeVersion(2));
      const oldPacks = packFiles(gitdir);
      git(dir, 'repack', '-a', '-d', '-q');
      assert.equal(looseCount(dir), 0);
      assert.ok(oldPacks.every((pack) => !existsSync(pack)), 'the old pack is gone');
      assert.equal((await reader.readBlob(second)).toString(), makeVersion(2));
      assert.equal((await reader.readBlob(first)).toString(), makeVersion(1));
    } finally {
      reader.close();
    }
  });

  it('follows objects/info/alternates, absolute or relative', async () => {
    const root = makeTempDir('pitwall-objects-');
    dirs.push(root);
    const source = initRepo(path.join(root, 'source'));
    writeFileSync(path.join(source, 'shared.txt'), makeVersion(3));
    git(source, 'add', 'shared.txt');
    git(source, 'commit', '-q', '-m', 'shared');
    git(source, 'gc', '-q');
    const loose = execFileSync('git', ['-C', source, 'hash-object', '-w', '--stdin'], { input: 'only loose in the source\n', encoding: 'utf8' }).trim();
    const oid = git(source, 'rev-parse', 'HEAD:shared.txt');
    const clone = path.join(root, 'clone');
    execFileSync('git', ['clone', '-q', '--shared', source, clone]);
    const alternates = path.join(clone, '.git', 'objects', 'info', 'alternates');
    assert.ok(existsSync(alternates));
    assert.equal(readdirSync(path.join(clone, '.git', 'objects', 'pack')).length, 0, 'the clone holds no objects of its own');
    await assertReadsLikeGit(path.join(clone, '.git'), [oid, loose]);
    writeFileSync(alternates, '# relative to the objects folder\n../../../source/.git/objects\n');
    await assertReadsLikeGit(path.join(clone, '.git'), [oid, loose]);
  });

  describe('errors', () => {
    let dir: string;
    let gitdir: string;
    let blob: string;
    before(() => {
      dir = initRepo(makeTempDir('pitwall-objects-'));
      dirs.push(dir);
      gitdir = path.join(dir, '.git');
      writeFileSync(path.join(dir, 'a.txt'), makeVersion(5));
      git(dir, 'add', 'a.txt');
      git(dir, 'commit', '-q', '-m', 'a');
      blob = git(dir, 'rev-parse', 'HEAD:a.txt');
    });

    it('rejects a missing object with OBJECT_NOT_FOUND, packed or not', async () => {
      const reader = createObjectReader(gitdir);
      await assert.rejects(reader.readBlob('0123456789abcdef0123456789abcdef01234567'), hasCode('OBJECT_NOT_FOUND'));
      git(dir, 'gc', '-q');
      await assert.rejects(reader.readBlob('0123456789abcdef0123456789abcdef01234567'), hasCode('OBJECT_NOT_FOUND'));
      reader.close();
      const empty = makeTempDir('pitwall-objects-');
      dirs.push(empty);
      execFileSync('git', ['init', '-q', '--bare', empty]);
      await assert.rejects(readOnce(empty, blob), hasCode('OBJECT_NOT_FOUND'));
    });

    it('rejects a tree with OBJECT_TYPE_MISMATCH and a malformed oid with OBJECT_ID_INVALID', async () => {
      const reader = createObjectReader(gitdir);
      try {
        await assert.rejects(reader.readBlob(git(dir, 'rev-parse', 'HEAD^{tree}')), hasCode('OBJECT_TYPE_MISMATCH'));
        await assert.rejects(reader.readBlob('HEAD'), hasCode('OBJECT_ID_INVALID'));
        await assert.rejects(reader.readBlob(blob.toUpperCase()), hasCode('OBJECT_ID_INVALID'));
      } finally {
        reader.close();
      }
      await assert.rejects(reader.readBlob(blob), hasCode('OBJECT_READER_CLOSED'));
    });

    it('rejects a damaged pack entry, a truncated pack and a damaged loose object with OBJECT_CORRUPT', async () => {
      git(dir, 'gc', '-q');
      const pack = packFiles(gitdir)[0]!;
      const entry = listPackEntries(gitdir).find((e) => e.oid === blob)!;
      chmodSync(pack, 0o644);
      const bytes = readFileSync(pack);
      bytes.fill(0x55, entry.offset + 8, entry.offset + 40);
      writeFileSync(pack, bytes);
      await assert.rejects(readOnce(gitdir, blob), hasCode('OBJECT_CORRUPT'));

      truncateSync(pack, bytes.length - 10);
      await assert.rejects(readOnce(gitdir, blob), hasCode('OBJECT_CORRUPT'));

      const loose = execFileSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], { input: 'soon damaged\n', encoding: 'utf8' }).trim();
      const file = path.join(gitdir, 'objects', loose.slice(0, 2), loose.slice(2));
      chmodSync(file, 0o644);
      writeFileSync(file, 'not zlib at all');
      renameSync(pack, `${pack}.damaged`); // so the damaged pack is not what fails
      await assert.rejects(readOnce(gitdir, loose), hasCode('OBJECT_CORRUPT'));
    });
  });
});

describe('readHistory with the object reader', () => {
  let dir: string;
  before(() => {
    dir = initRepo(makeTempDir('pitwall-objects-'));
  });
  after(() => removeDir(dir));

  it('returns on a packed repository the runs native git stores, as isomorphic-git reads them', async () => {
    const repo = await openResultsRepo({ dir });
    for (let i = 0; i < 8; i++) {
      const run = sampleRun('m1', i, 40);
      await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: `run ${i}` });
    }
    git(dir, 'gc', '-q');
    assert.equal(looseCount(dir), 0);
    const history = await readHistory(await openResultsRepo({ dir }), { mainBranch: 'main', cacheFile: null });
    assert.equal(history.runs.length, 8);
    assert.equal(history.stats.parsed, 8);
    const native = catFileBatch(repo.gitdir, history.runs.map((r) => r.oid));
    const viaIsomorphicGit = await readRuns(await openResultsRepo({ dir }));
    for (const [i, run] of history.runs.entries()) {
      assert.deepEqual(run, columnizeRun(run.path, run.oid, native.get(run.oid)!.toString('utf8')));
      assert.equal(run.path, viaIsomorphicGit[i]!.path);
      assert.deepEqual(run.run, viaIsomorphicGit[i]!.run);
      assert.deepEqual(run.metrics, viaIsomorphicGit[i]!.measurements.map((m) => m.metric));
    }
  });
});
