import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBareRepo, startGitHttpServer, type GitHttpServer } from './git-http-server.ts';
import { git, initRepo, makeTempDir, removeDir } from '../results/store/git-fixtures.ts';

const quiet = { GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };

function nativeGit(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...quiet }, stdio: ['ignore', 'pipe', 'pipe'] });
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
      nativeGit(dir, ['-c', 'http.postBuffer=4096', 'push', '--quiet', server.url('native.git'), 'main', '--tags']);
      assert.equal(git(bare, 'rev-parse', 'main'), git(dir, 'rev-parse', 'main'));
      const clone = path.join(temp, 'clone');
      nativeGit(temp, ['clone', '--quiet', server.url('native.git'), clone]);
      assert.equal(git(clone, 'rev-parse', 'HEAD'), git(dir, 'rev-parse', 'main'));
      assert.ok(server.requests.some((r) => r.startsWith('POST /native.git/git-receive-pack')));
      assert.ok(server.requests.some((r) => r.startsWith('POST /native.git/git-upload-pack')));
    } finally {
      await server.stop();
    }
  });

  it('answers 401 without the credentials it requires and serves with them', async () => {
    const server = await startGitHttpServer({ auth: { username: 'user', password: 'pass' } });
    try {
      createBareRepo(server.root, 'private.git');
      const dir = initRepo(path.join(temp, 'private'));
      assert.throws(() => nativeGit(dir, ['push', '--quiet', server.url('private.git'), 'main']));
      nativeGit(dir, ['push', '--quiet', server.url('private.git').replace('http://', 'http://user:pass@'), 'main']);
      assert.equal(git(path.join(server.root, 'private.git'), 'rev-parse', 'main'), git(dir, 'rev-parse', 'main'));
    } finally {
      await server.stop();
    }
  });
});
