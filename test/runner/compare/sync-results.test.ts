import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { git } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { pushResults } from '../../../results/store/push.ts';
import { cloneCompareProject, configText, makeCompareProject, runCompare, seedMainHistory } from './compare-project.ts';

process.env['TZ'] = 'UTC';

function remoteRunFiles(bare: string): string[] {
  try {
    return execFileSync('git', ['-C', bare, 'ls-tree', '-r', '--name-only', 'results'], { encoding: 'utf8' }).split('\n').filter((p) => p.endsWith('.jsonl'));
  } catch {
    return [];
  }
}

test('compare fetches the base\'s results from the remote, and --no-push keeps the head\'s run local', async (t) => {
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  const bare = createBareRepo(server.root, 'results.git');
  // The main-branch runner benchmarked main and pushed.
  const mainRunner = makeCompareProject(configText(`remote: ${server.url('results.git')}\n`));
  t.after(mainRunner.cleanup);
  await seedMainHistory(mainRunner);
  await pushResults(await openResultsRepo({ dir: mainRunner.dir }), { remote: server.url('results.git') });
  assert.equal(remoteRunFiles(bare).length, 4);

  // Another runner has the code only, benchmarks a pull request and compares.
  const prRunner = cloneCompareProject(mainRunner);
  t.after(prRunner.cleanup);
  // As in CI: the main branch exists only as origin's.
  assert.equal(git(prRunner.dir, 'branch', '--format=%(refname:short)').trim(), 'feature');
  const head = prRunner.commit(120);
  await prRunner.bench(head);

  const readOnly = await runCompare(['--no-push', '--json'], { cwd: prRunner.dir });
  assert.equal(readOnly.code, 1, readOnly.stderr);
  assert.equal(JSON.parse(readOnly.stdout).baseFrom.mainRef, 'refs/remotes/origin/main');
  assert.match(readOnly.stderr, /fetched results from http:\/\/127\.0\.0\.1:\d+\/results\.git; 1 local commit kept on top, not pushed/);
  assert.equal(remoteRunFiles(bare).length, 4, 'nothing pushed');
  assert.equal(git(prRunner.dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((p) => p.endsWith('.jsonl')).length, 5);

  const pushing = await runCompare([], { cwd: prRunner.dir });
  assert.equal(pushing.code, 1, pushing.stderr);
  assert.equal(remoteRunFiles(bare).length, 5, 'the head run is delivered');
});

test('an unreachable results remote is a warning, and the comparison uses the local results', async (t) => {
  const server = await startGitHttpServer();
  const url = server.url('results.git');
  await server.stop();
  const project = makeCompareProject(configText(`remote: ${url}\n`));
  t.after(project.cleanup);
  await seedMainHistory(project);
  await project.bench(project.commit(120));
  const result = await runCompare([], { cwd: project.dir });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /warning: Cannot .*; comparing with the results stored locally/);
});
