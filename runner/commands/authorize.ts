import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { UsageError } from '../../results/errors.ts';
import { authorizeBench, formatApproval } from '../github/approval.ts';
import { apiUrlFrom, createGitHubClient } from '../github/client.ts';
import { parseRepository } from '../github/repository.ts';
import { readToken } from '../read-token.ts';

const help = `Usage: pitwall authorize [options]

Decides whether the event that started this workflow may benchmark a pull
request on the bench machines, and which commit exactly. Run it in a job of
its own that checks out no pull request code, before the job on the bench
runner; that job then checks out the approved commit and nothing else.

  issue_comment      a comment "/pitwall bench <sha>" on an open pull request,
                     by an account with write access (asked of GitHub's API),
                     where <sha> is the pull request's current head
  workflow_dispatch  inputs "pr" and "sha", by an account with write access
  workflow_run       a pull_request run from a branch of this repository,
                     whose head is still the pull request's head

Anything else exits 1 with the reason. On approval it writes the approval
(repository, pull request, commit, who approved) as JSON to --out, and
approved, pr and sha to $GITHUB_OUTPUT.

Options:
  --out <file>         Where to write the approval (default: approval.json)
  --repo <owner/name>  Repository (default: $GITHUB_REPOSITORY)
  -h, --help           Show this help

Environment: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY,
GITHUB_ACTOR, GITHUB_OUTPUT as GitHub Actions sets them; PITWALL_TOKEN or
GITHUB_TOKEN (read access to pull requests is enough); GITHUB_API_URL.

Example (in a workflow step):
  pitwall authorize --out "$RUNNER_TEMP/approval/approval.json"
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('authorize', ctx.argv, { out: { type: 'string' }, repo: { type: 'string' } });
  const say = (text: string) => progress(ctx.stderr, text);
  const eventName = ctx.env['GITHUB_EVENT_NAME'];
  const eventPath = ctx.env['GITHUB_EVENT_PATH'];
  const repoText = values.repo ?? ctx.env['GITHUB_REPOSITORY'];
  if (!eventName || !eventPath || !repoText) {
    throw new UsageError('NOT_IN_ACTIONS', 'pitwall authorize needs GITHUB_EVENT_NAME, GITHUB_EVENT_PATH and GITHUB_REPOSITORY', {
      hint: 'Run it in a GitHub Actions job, which sets them',
    });
  }
  const token = readToken(ctx.env);
  if (token === undefined) throw new UsageError('NO_TOKEN', 'pitwall authorize needs a token to ask GitHub', { hint: 'Pass the job\'s token as GITHUB_TOKEN' });
  let event: unknown;
  try {
    event = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch (cause) {
    throw new UsageError('ACTIONS_EVENT_UNREADABLE', `Cannot read the GitHub Actions event file "${eventPath}": ${(cause as Error).message}`, { hint: 'GITHUB_EVENT_PATH must name the event payload', cause });
  }
  const repo = parseRepository(repoText, values.repo === undefined ? 'GITHUB_REPOSITORY' : '--repo');
  const client = createGitHubClient({ token, apiUrl: apiUrlFrom(ctx.env) });
  const approval = await authorizeBench(client, { eventName, event, repo, actor: ctx.env['GITHUB_ACTOR'] || undefined });
  const out = resolve(ctx.cwd, values.out ?? 'approval.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, formatApproval(approval));
  const outputs = ctx.env['GITHUB_OUTPUT'];
  if (outputs) await appendFile(outputs, `approved=true\npr=${approval.pr}\nsha=${approval.sha}\n`);
  say(`approved: ${approval.repository}#${approval.pr} at ${approval.sha} (${approval.event}, ${approval.approvedBy}); written to ${out}`);
  return 0;
}

export const command: Command = { help, run };
