/**
 * Bringing the local results branch up to date with the remote before a
 * comparison, since the base was usually benchmarked by another job. With a
 * write token the local runs are pushed too; without one (a fork's pull
 * request gets a read-only token) they are only laid on top of the fetched
 * tip locally. A remote that cannot be used is a warning: the comparison
 * goes on with what is stored locally.
 */
import { isPitwallError } from '../../results/errors.ts';
import { pushResults, rebaseOnto } from '../../results/store/push.ts';
import { fetchResults } from '../../results/store/remote.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { withRepoLock } from '../../results/store/repo-lock.ts';
import { pushFeedback, showRemote } from '../pipeline/deliver.ts';

export type SyncMode = 'push' | 'fetch';

/** Remote failures that leave the local results usable. */
const REMOTE_PROBLEMS = new Set(['REMOTE_UNREACHABLE', 'PUSH_REJECTED', 'REMOTE_AUTH_FAILED', 'REMOTE_NOT_FOUND', 'REMOTE_HTTP_ERROR']);

export interface SyncOptions {
  remote: string;
  token?: string | undefined;
  mode: SyncMode;
  say: (text: string) => void;
}

/** Puts the local commits the remote lacks on top of its tip, locally. */
async function catchUp(repo: ResultsRepo, remoteTip: string | null): Promise<number> {
  if (remoteTip === null) return 0;
  return await withRepoLock(repo, 'update the results branch', {}, () => rebaseOnto(repo, remoteTip));
}

/** Returns true when the local branch now has everything the remote has. */
export async function syncResults(repo: ResultsRepo, options: SyncOptions): Promise<boolean> {
  const { remote, say } = options;
  const token = options.token === undefined ? {} : { token: options.token };
  try {
    if (options.mode === 'push') {
      const result = await pushResults(repo, { remote, ...token, ...pushFeedback(say) });
      say(result.upToDate ? `results up to date with ${showRemote(remote)}` : `pushed ${result.pushed} commit${result.pushed === 1 ? '' : 's'} to ${showRemote(remote)} ${repo.branch}`);
    } else {
      const { remoteTip } = await fetchResults(repo, { remote, ...token, onMessage: say });
      const local = await catchUp(repo, remoteTip);
      say(`fetched results from ${showRemote(remote)}${local > 0 ? `; ${local} local commit${local === 1 ? '' : 's'} kept on top, not pushed` : ''}`);
    }
    return true;
  } catch (error) {
    if (!isPitwallError(error) || !REMOTE_PROBLEMS.has(error.code)) throw error;
    say(`warning: ${error.message}; comparing with the results stored locally`);
    return false;
  }
}
