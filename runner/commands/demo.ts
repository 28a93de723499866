import { join, resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { createSampleRepo } from '../demo/create-sample-repo.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { readFingerprint } from '../bench/fingerprint.ts';
import { benchCommit } from '../pipeline/bench-commit.ts';
import { buildSite } from '../pipeline/build-site.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

const help = `Usage: pitwall demo [--out <dir>]

Shows pitwall end to end on a real sample project, offline:
  1. creates a git repository with a small library, its bench suite and a
     history of about 30 commits (some of which really make it slower or faster),
  2. runs "pitwall run" on every commit, committing each run to its
     "results" branch,
  3. builds the dashboard from that branch.

Options:
  --out <dir>    Put the repository in <dir>/repo and the site in <dir>/site
                 (default: .pitwall-demo in the pitwall folder). A previous
                 demo there is replaced.
  --skip-site    Stop after committing the results
  -h, --help     Show this help
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('demo', ctx.argv, { out: { type: 'string' }, 'skip-site': { type: 'boolean', default: false } });
  const say = (text: string) => progress(ctx.stderr, text);
  const started = Date.now();
  const out = resolve(ctx.cwd, values.out ?? join(PACKAGE_ROOT, '.pitwall-demo'));
  const repoDir = join(out, 'repo');
  const siteDir = join(out, 'site');

  say(`creating the sample repository in ${repoDir}`);
  const sample = await createSampleRepo(repoDir, { onProgress: (text: string) => say(`  ${text}`) });
  const config = await loadConfig({ cwd: repoDir, env: {} });
  const repo = await openResultsRepo({ dir: repoDir, branch: config.branch });
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall demo', onWarning: (w: string) => say(`warning: ${w}`) });
  let failed = 0;
  try {
    const fingerprint = await readFingerprint();
    say(`benchmarking ${sample.commits.length} commits on ${fingerprint.cpuModel} (${fingerprint.cores} cores)`);
    for (const [i, sha] of sample.commits.entries()) {
      const result = await benchCommit({
        config,
        repo,
        repoDir,
        rev: sha,
        branch: sample.branch,
        fingerprint,
        locked: true,
        onProgress: () => {},
      });
      const run = result.runs[0];
      failed += result.runs.filter((r) => r.status !== 'ok').length;
      const elapsed = ((Date.now() - started) / 1000).toFixed(0);
      say(`[${String(i + 1).padStart(2)}/${sample.commits.length}] ${sha.slice(0, 7)} ${run?.commitInfo.subject ?? ''} (${run?.status ?? 'no suites'}, ${elapsed} s)`);
    }
  } finally {
    await lock.release();
  }
  if (!values['skip-site']) {
    say('building the dashboard');
    await buildSite({ repoDir, outDir: siteDir, config, base: '/', onProgress: say });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  ctx.stdout.write([
    '',
    `Demo ready in ${seconds} s.`,
    `  sample repository: ${repoDir}`,
    `  results branch:    git -C ${repoDir} log --oneline ${config.branch}`,
    `  one run:           git -C ${repoDir} grep '"metric"' ${config.branch} -- runs | head`,
    ...(values['skip-site'] ? [] : [
      `  dashboard:         ${siteDir}/index.html`,
      `  view it:           npm run pitwall -- serve ${siteDir}   (installed: npx pitwall serve ${siteDir})`,
    ]),
    '',
  ].join('\n'));
  return failed === 0 ? 0 : 1;
}

export const command: Command = { help, run };
