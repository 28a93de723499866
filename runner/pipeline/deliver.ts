/** Pushes the results branch, keeping the commits locally when the remote cannot be reached. */
import { isPitwallError } from '../../results/errors.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { pushResults, type PushResultsOptions } from '../../results/store/push.ts';
import { readToken } from '../read-token.ts';
import { redactUrlCredentials } from '../redact-secrets.ts';

/** A remote name or URL as it may be printed: without the credentials of a URL. */
export function showRemote(remote: string): string {
  return redactUrlCredentials(remote);
}

/**
 * What a push tells the user while it runs: the server's lines, and one line
 * per lost race (a retry, not an error: the push re-applies its runs and tries again).
 */
export function pushFeedback(say: (text: string) => void): Pick<PushResultsOptions, 'onMessage' | 'onRetry'> {
  return {
    onMessage: (line: string) => say(line),
    onRetry: ({ attempt, maxAttempts, delayMs, reason }) => {
      say(`push attempt ${attempt} of ${maxAttempts} lost a race (${reason}); re-applying the runs on the new tip and retrying in ${delayMs} ms`);
    },
  };
}

/** "pushed 2 commits to origin results", "origin already has every run". */
export function describePush(result: { pushed: number; upToDate: boolean }, remote: string, branch: string): string {
  const shown = showRemote(remote);
  return result.upToDate ? `${shown} already has every run` : `pushed ${result.pushed} commit${result.pushed === 1 ? '' : 's'} to ${shown} ${branch}`;
}

/**
 * Failures of the network or the server that leave the runs committed locally, for a later push to
 * deliver: a warning for a run. Refused credentials and a missing repository stay errors (they need a fix).
 */
export const UNDELIVERED_CODES: ReadonlySet<string> = new Set(['REMOTE_UNREACHABLE', 'PUSH_REJECTED', 'REMOTE_HTTP_ERROR']);

/**
 * Returns true when the remote holds every local run. A remote that cannot be
 * reached is not an error for a run: the commits stay local and the next
 * `pitwall run` or `pitwall push` delivers them.
 */
export async function deliverResults(repo: ResultsRepo, remote: string, env: NodeJS.ProcessEnv, say: (text: string) => void): Promise<boolean> {
  const token = readToken(env);
  try {
    const result = await pushResults(repo, { remote, ...(token === undefined ? {} : { token }), ...pushFeedback(say) });
    say(describePush(result, remote, repo.branch));
    return true;
  } catch (error) {
    if (isPitwallError(error) && UNDELIVERED_CODES.has(error.code)) {
      say(`warning: ${error.message}; the runs stay committed locally and "pitwall push" or the next "pitwall run" delivers them`);
      return false;
    }
    throw error;
  }
}
