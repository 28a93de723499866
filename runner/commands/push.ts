import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { pushResults } from '../../results/store/push.ts';
import { UsageError } from '../../results/errors.ts';
import { describePush, pushFeedback, tokenFrom } from '../pipeline/deliver.ts';

const help = `Usage: pitwall push [options]

Delivers the local results branch to the remote: fetches what other runners
pushed, re-applies the local runs on top (runs only add files, so this never
conflicts) and pushes, retrying with backoff while others push at the same time.
Run it after a "pitwall run" that could not reach the remote.

Options:
  --remote <name|url>   Remote to push to (default: "remote" in pitwall.yaml)
  --config <file>       Config file (default: pitwall.yaml)
  -h, --help            Show this help

Environment: PITWALL_TOKEN or GITHUB_TOKEN for HTTPS authentication;
PITWALL_CONNECT_TIMEOUT (default 30 s) and PITWALL_IDLE_TIMEOUT (default 120 s),
in seconds or as 500ms, 90s, 2m.

Exit codes: 0 delivered, 1 the remote could not be reached or refused the
push (the runs stay committed locally), 2 usage or config error.
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('push', ctx.argv, { remote: { type: 'string' }, config: { type: 'string' } });
  const say = (text: string) => progress(ctx.stderr, text);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true, ...(values.config === undefined ? {} : { file: values.config }) });
  const remote = values.remote ?? config.remote;
  if (remote === null) {
    throw new UsageError('NO_REMOTE', 'No remote to push to', { hint: 'Set "remote" in pitwall.yaml or pass --remote <name|url>' });
  }
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall push', onWarning: (w: string) => say(`warning: ${w}`) });
  try {
    const token = tokenFrom(ctx.env);
    const result = await pushResults(repo, { remote, ...(token === undefined ? {} : { token }), ...pushFeedback(say) });
    say(describePush(result, remote, config.branch));
  } finally {
    await lock.release();
  }
  return 0;
}

export const command: Command = { help, run };
