/** Pushes the results branch, keeping the commits locally when the remote cannot be reached. */
import { isPitwallError } from '../../results/errors.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { pushResults } from '../../results/store/push.ts';
import { readToken } from '../read-token.ts';

/**
 * Returns true when the remote holds every local run. A remote that cannot be
 * reached is not an error for a run: the commits stay local and the next
 * `pitwall run` or `pitwall push` delivers them.
 */
export async function deliverResults(repo: ResultsRepo, remote: string, env: NodeJS.ProcessEnv, say: (text: string) => void): Promise<boolean> {
  const token = readToken(env);
  try {
    const result = await pushResults(repo, { remote, ...(token === undefined ? {} : { token }), onMessage: (m: string) => say(m) });
    say(result.upToDate ? `${remote} already has every run` : `pushed ${result.pushed} commit${result.pushed === 1 ? '' : 's'} to ${remote} ${repo.branch}`);
    return true;
  } catch (error) {
    if (isPitwallError(error) && (error.code === 'REMOTE_UNREACHABLE' || error.code === 'PUSH_REJECTED')) {
      say(`warning: ${error.message}; the runs stay committed locally and "pitwall push" or the next "pitwall run" delivers them`);
      return false;
    }
    throw error;
  }
}
