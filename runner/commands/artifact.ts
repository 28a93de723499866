import fs from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import git from 'isomorphic-git';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { UsageError } from '../../results/errors.ts';
import { loadRunArtifact, saveRunArtifact, ARTIFACT_LIMITS } from '../pipeline/run-artifact.ts';
import { parseApproval } from '../github/approval.ts';
import { parseRepository } from '../github/repository.ts';

const help = `Usage: pitwall artifact save <dir> [options]
       pitwall artifact load <dir> --approval <file> [options]

Hands runs from the job that benchmarks a pull request (read-only token, no
secrets) to the job that publishes them (write token, runs no pull request
code), as a folder uploaded and downloaded as a GitHub Actions artifact.

  save <dir>   Writes the run files the local results branch has and the
               remote lacks (as last fetched) into <dir>, at their branch paths.
  load <dir>   Checks every file in <dir> as untrusted data: only run files at
               run paths, each parsed like the results branch, at most
               ${ARTIFACT_LIMITS.files} files of ${ARTIFACT_LIMITS.fileBytes / 1024 / 1024} MiB and ${ARTIFACT_LIMITS.totalBytes / 1024 / 1024} MiB in all, and only runs
               of the approved commit or of commits on the main branch. Any
               problem refuses the whole folder (exit 2) and writes nothing.
               Then commits each run to the local results branch (push with
               "pitwall push") and writes pr and sha to $GITHUB_OUTPUT. A
               folder that does not exist holds no runs.

Options:
  --approval <file>    load: the approval "pitwall authorize" wrote
  --repo <owner/name>  load: repository the approval must name
                       (default: $GITHUB_REPOSITORY)
  --remote <name|url>  save: the remote the runs are missing from
                       (default: "remote" in pitwall.yaml)
  --config <file>      Config file (default: pitwall.yaml)
  -h, --help           Show this help

Examples:
  pitwall artifact save "$RUNNER_TEMP/pitwall-runs"
  pitwall artifact load runs --approval approval/approval.json
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('artifact', ctx.argv, {
    approval: { type: 'string' },
    repo: { type: 'string' },
    remote: { type: 'string' },
    config: { type: 'string' },
  }, { positionals: 2 });
  const [verb, dirText] = positionals;
  if ((verb !== 'save' && verb !== 'load') || dirText === undefined) {
    throw new UsageError('USAGE', `pitwall artifact: expected "save <dir>" or "load <dir>", got "${positionals.join(' ')}"`, { hint: 'Run "pitwall artifact --help" for the usage' });
  }
  const say = (text: string) => progress(ctx.stderr, text);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true, ...(values.config === undefined ? {} : { file: values.config }) });
  const dir = resolve(ctx.cwd, dirText);
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  if (verb === 'save') {
    const remote = values.remote ?? config.remote;
    if (remote === null) throw new UsageError('NO_REMOTE', 'No remote to compare the local runs with', { hint: 'Set "remote" in pitwall.yaml or pass --remote <name|url>' });
    const saved = await saveRunArtifact(repo, remote, dir);
    say(`saved ${saved.runs} run${saved.runs === 1 ? '' : 's'} (${saved.files.length} files) to ${dir}`);
    return 0;
  }
  if (values.approval === undefined) throw new UsageError('USAGE', 'pitwall artifact load needs --approval <file>', { hint: 'Pass the approval "pitwall authorize" wrote' });
  const repoText = values.repo ?? ctx.env['GITHUB_REPOSITORY'];
  if (!repoText) throw new UsageError('USAGE', 'pitwall artifact load needs the repository', { hint: 'Pass --repo owner/name, or run it in GitHub Actions' });
  const approvalFile = resolve(ctx.cwd, values.approval);
  let approvalText: string;
  try {
    approvalText = await readFile(approvalFile, 'utf8');
  } catch (cause) {
    throw new UsageError('APPROVAL_INVALID', `Cannot read the approval "${approvalFile}": ${(cause as Error).message}`, { hint: 'Download the approval artifact first', cause });
  }
  const approval = parseApproval(approvalText, approvalFile, parseRepository(repoText, values.repo === undefined ? 'GITHUB_REPOSITORY' : '--repo'));
  const repoDir = await git.findRoot({ fs, filepath: ctx.cwd });
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall artifact load', onWarning: (w: string) => say(`warning: ${w}`) });
  try {
    const result = await loadRunArtifact(repo, dir, { head: approval.sha, mainRef: config.mainBranch, repoDir, locked: true });
    for (const loaded of result.written) say(`committed ${loaded.run.suite} @ ${loaded.run.commit.slice(0, 7)} on ${loaded.run.machine}: ${loaded.run.status}`);
    if (result.present.length > 0) say(`${result.present.length} run${result.present.length === 1 ? ' was' : 's were'} on ${config.branch} already`);
    say(`loaded ${result.written.length} run${result.written.length === 1 ? '' : 's'} for ${approval.repository}#${approval.pr} at ${approval.sha.slice(0, 7)}`);
  } finally {
    await lock.release();
  }
  const outputs = ctx.env['GITHUB_OUTPUT'];
  if (outputs) await appendFile(outputs, `pr=${approval.pr}\nsha=${approval.sha}\n`);
  return 0;
}

export const command: Command = { help, run };
