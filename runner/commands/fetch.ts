import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { fetchResults } from '../../results/store/remote.ts';
import { rebaseOnto } from '../../results/store/push.ts';
import { withRepoLock } from '../../results/store/repo-lock.ts';
import { UsageError } from '../../results/errors.ts';
import { readToken } from '../read-token.ts';

const help = `Usage: pitwall fetch [options]

Brings the local results branch up to date with the remote without pushing:
fetches what other runners pushed and lays any local runs on top. A read-only
token is enough. Run it before benchmarking in a step of its own, so that the
token is not in the environment of the steps that run suites.

Options:
  --remote <name|url>   Remote to fetch from (default: "remote" in pitwall.yaml)
  --if-configured       Without a remote, say so and exit 0 instead of failing
  --config <file>       Config file (default: pitwall.yaml)
  -h, --help            Show this help

Environment: PITWALL_TOKEN or GITHUB_TOKEN for HTTPS authentication.

Example:
  pitwall fetch
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('fetch', ctx.argv, { remote: { type: 'string' }, config: { type: 'string' }, 'if-configured': { type: 'boolean', default: false } });
  const say = (text: string) => progress(ctx.stderr, text);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true, ...(values.config === undefined ? {} : { file: values.config }) });
  const remote = values.remote ?? config.remote;
  if (remote === null && values['if-configured']) {
    say('no remote configured: comparing with the results stored locally');
    return 0;
  }
  if (remote === null) {
    throw new UsageError('NO_REMOTE', 'No remote to fetch from', { hint: 'Set "remote" in pitwall.yaml or pass --remote <name|url>' });
  }
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const token = readToken(ctx.env);
  const { remoteTip } = await fetchResults(repo, { remote, ...(token === undefined ? {} : { token }), onMessage: say });
  const local = remoteTip === null ? 0 : await withRepoLock(repo, 'update the results branch', {}, () => rebaseOnto(repo, remoteTip));
  say(remoteTip === null ? `${remote} has no ${config.branch} branch yet` : `fetched ${config.branch} from ${remote}${local > 0 ? `; ${local} local commit${local === 1 ? '' : 's'} kept on top, not pushed` : ''}`);
  return 0;
}

export const command: Command = { help, run };
