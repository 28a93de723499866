import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBareRepo, startGitHttpServer } from './git-http-server.ts';
import { git, initRepo, makeTempDir, removeDir } from '../results/store/git-fixtures.ts';

const quiet = { GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };

/** Native git as a client of the server: async, since the server runs in this process. */
async function nativeGit(dir: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...quiet } });
  return stdout;
}

describe('startGitHttpServer', () => {
  let temp: string;
  before(() => {
    temp = makeTempDir();
  });
  after(() => removeDir(temp));

  it('serves native git push (chunked body) and clone (gzip request) over smart HTTP', async () => {
    const server = await startGitHttpServer();
    try {
      const bare = createBareRepo(server.root, 'native.git');
      const dir = initRepo(path.join(temp, 'native'));
      // Incompressible content above http.postBuffer makes git send a chunked body.
      writeFileSync(path.join(dir, 'big.bin'), randomBytes(256 * 1024));
      git(dir, 'add', 'big.bin');
      git(dir, 'commit', '--quiet', '-m', 'big');
      for (let i = 0; i < 40; i++) git(dir, 'tag', `t${i}`, 'HEAD~1');
      await nativeGit(dir, ['-c', 'http.postBuffer=4096', 'push', '--quiet', server.url('native.git'), 'main', '--tags']);
      assert.equal(git(bare, 'rev-parse', 'main'), git(dir, 'rev-parse', 'main'));
      const clone = path.join(temp, 'clone');
      await nativeGit(temp, ['clone', '--quiet', server.url('native.git'), clone]);
      assert.equal(git(clone, 'rev-parse', 'origin/main'), git(dir, 'rev-parse', 'main'));
      // Many local commits the server lacks make a negotiation request large enough for git to gzip it.
      git(clone, 'config', 'user.name', 'Test');
      git(clone, 'config', 'user.email', 'test@example.com');
      for (let i = 0; i < 60; i++) git(clone, 'commit', '--quiet', '--allow-empty', '-m', `local ${i}`);
      await nativeGit(dir, ['commit', '--quiet', '--allow-empty', '-m', 'new on main']);
      await nativeGit(dir, ['push', '--quiet', server.url('native.git'), 'main']);
      await nativeGit(clone, ['fetch', '--quiet', 'origin']);
      assert.equal(git(clone, 'rev-parse', 'origin/main'), git(dir, 'rev-parse', 'main'));
      assert.ok(server.requests.some((r) => r === 'POST /native.git/git-receive-pack chunked'), server.requests.join('\n'));
      assert.ok(server.requests.some((r) => r === 'POST /native.git/git-upload-pack gzip'), server.requests.join('\n'));
    } finally {
      await server.stop();
    }
  });

  it('answers 401 without the credentials it requires and serves with them', async () => {
    const server = await startGitHttpServer({ auth: { username: 'user', password: 'pass' } });
    try {
      createBareRepo(server.root, 'private.git');
      const dir = initRepo(path.join(temp, 'private'));
      await assert.rejects(nativeGit(dir, ['push', '--quiet', server.url('private.git'), 'main']));
      await nativeGit(dir, ['push', '--quiet', server.url('private.git').replace('http://', 'http://user:pass@'), 'main']);
      assert.equal(git(path.join(server.root, 'private.git'), 'rev-parse', 'main'), git(dir, 'rev-parse', 'main'));
    } finally {
      await server.stop();
    }
  });
});
