import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { pushResults } from '../../results/store/push.ts';
import { UsageError } from '../../results/errors.ts';
import { readToken } from '../read-token.ts';
import { describePush, pushFeedback } from '../pipeline/deliver.ts';

const help = `Usage: pitwall push [options]

Delivers the local results branch to the remote: fetches what other runners
pushed, re-applies the local runs on top (runs only add files, so this never
conflicts) and pushes, retrying with backoff while others push at the same time.
Run it after a "pitwall run" that could not reach the remote.

Options:
  --remote <name|url>   Remote to push to (default: "remote" in pitwall.yaml)
  --if-configured       Without a remote, say so and exit 0 instead of failing
  --config <file>       Config file (default: pitwall.yaml)
  -h, --help            Show this help

Environment: PITWALL_TOKEN or GITHUB_TOKEN for HTTPS authentication. Push
in a step of its own, after the suites ran without the token
("pitwall run --no-push"): no suite then shares a process tree with it.
PITWALL_CONNECT_TIMEOUT (default 30 s) and PITWALL_IDLE_TIMEOUT (default 120 s),
in seconds or as 500ms, 90s, 2m, bound each exchange with the remote.

Exit codes: 0 delivered, 1 the remote could not be reached or refused the
push (the runs stay committed locally), 2 usage or config error.

Examples:
  pitwall push
  pitwall push --if-configured
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('push', ctx.argv, { remote: { type: 'string' }, config: { type: 'string' }, 'if-configured': { type: 'boolean', default: false } });
  const say = (text: string) => progress(ctx.stderr, text);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true, ...(values.config === undefined ? {} : { file: values.config }) });
  const remote = values.remote ?? config.remote;
  if (remote === null && values['if-configured']) {
    say('no remote configured: the runs stay on the local results branch');
    return 0;
  }
  if (remote === null) {
    throw new UsageError('NO_REMOTE', 'No remote to push to', { hint: 'Set "remote" in pitwall.yaml or pass --remote <name|url>' });
  }
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall push', onWarning: (w: string) => say(`warning: ${w}`) });
  try {
    const token = readToken(ctx.env);
    const result = await pushResults(repo, { remote, ...(token === undefined ? {} : { token }), ...pushFeedback(say) });
    say(describePush(result, remote, config.branch));
  } finally {
    await lock.release();
  }
  return 0;
}

export const command: Command = { help, run };
