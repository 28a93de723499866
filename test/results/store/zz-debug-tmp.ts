import path from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { pushResults } from '../../../results/store/push.ts';
import { fetchResolved, resolveRemote } from '../../../results/store/remote.ts';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { initRepo, makeTempDir, sampleRun } from './git-fixtures.ts';
const server = await startGitHttpServer();
const temp = makeTempDir();
createBareRepo(server.root, 'x.git');
const repo = await openResultsRepo({ dir: initRepo(path.join(temp, 'a')) });
const run = sampleRun('m', 1);
await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: 'm' });
console.log(await pushResults(repo, { remote: server.url('x.git') }));
const remote = await resolveRemote(repo, server.url('x.git'));
console.log(await fetchResolved(repo, remote, { remote: remote.url }));
try {
  const r = await git.fetch({ fs: repo.fs, http, gitdir: repo.gitdir, url: server.url('x.git'), remote: 'origin', ref: 'refs/remotes/pitwall/results', remoteRef: 'refs/heads/results', singleBranch: true });
  console.log(r);
} catch (e) { console.log(e); }
console.log(server.requests);
await server.stop();
