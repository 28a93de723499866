import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createBareRepo, startGitHttpServer, type GitHttpServer } from '../../helpers/git-http-server.ts';
import { git, initRepo, makeTempDir, removeDir } from './git-fixtures.ts';

const run = promisify(execFile);
const worker = path.resolve(import.meta.dirname, '../../fixtures/store/push-worker.ts');
const MACHINES = 4;
const RUNS_EACH = 10;

describe('pushResults from several machines at once', () => {
  let server: GitHttpServer;
  let temp: string;

  before(async () => {
    server = await startGitHttpServer();
    temp = makeTempDir();
  });
  after(async () => {
    await server.stop();
    removeDir(temp);
  });

  it(`${MACHINES} runners pushing ${RUNS_EACH} runs each leave every run on the remote once, in a linear history`, { timeout: 120_000 }, async (t) => {
    const bare = createBareRepo(server.root, 'shared.git');
    const url = server.url('shared.git');
    const outputs = await Promise.all(Array.from({ length: MACHINES }, async (_, i) => {
      const clone = initRepo(path.join(temp, `machine-${i}`));
      const { stdout } = await run(process.execPath, [worker, clone, url, `machine-${i}`, String(RUNS_EACH)]);
      return JSON.parse(stdout) as { machine: string; pushed: number; retries: number };
    }));

    const files = git(bare, 'ls-tree', '-r', '--name-only', 'results').split('\n');
    const runFiles = files.filter((f) => f.endsWith('.jsonl'));
    assert.equal(runFiles.length, MACHINES * RUNS_EACH);
    assert.equal(new Set(runFiles).size, runFiles.length);
    assert.equal(files.length, 2 * MACHINES * RUNS_EACH, 'each run has its log and nothing else was added');
    assert.equal(git(bare, 'rev-list', '--count', 'results'), String(MACHINES * RUNS_EACH), 'one commit per run, none duplicated');
    assert.equal(git(bare, 'rev-list', '--count', '--min-parents=2', 'results'), '0', 'no merge commits');
    assert.equal(git(bare, 'rev-list', '--count', '--max-parents=0', 'results'), '1', 'a single root');
    for (const output of outputs) assert.equal(output.pushed, RUNS_EACH, `${output.machine} delivered each of its runs once`);
    git(bare, 'fsck', '--strict', '--no-dangling');
    t.diagnostic(`retries after a lost race: ${outputs.map((o) => o.retries).join(', ')}`);
  });
});
