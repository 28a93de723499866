/**
 * Delivering local results commits to a remote that other runners push to at
 * the same time. Each attempt fetches the remote branch, replays the local
 * commits the remote lacks onto its tip (the history stays linear), moves the
 * local branch there and pushes. A push that loses the race is retried after an
 * exponential backoff with jitter. When the remote cannot be reached the local
 * branch is left as it was: its commits stay local and a later push delivers them.
 */
import git from 'isomorphic-git';
import { setTimeout as sleep } from 'node:timers/promises';
import { PitwallError } from '../errors.ts';
import { readAdvertisement, sendPack, type Advertisement } from './send-pack.ts';
import { readTip, writeTip } from './refs.ts';
import type { ResultsRepo } from './repo.ts';
import { withRepoLock, type RepoLockOptions } from './repo-lock.ts';
import { codeOf, fetchResolved, httpFor, resolveRemote, toRemoteError, trackingRefFor, type RemoteOptions, type ResolvedRemote } from './remote.ts';
import { findDivergence, replayCommits } from './replay.ts';

export interface PushResultsOptions extends RemoteOptions, RepoLockOptions {
  /** Attempts before failing with PUSH_REJECTED; default 8. */
  maxAttempts?: number;
  /** First backoff delay; it doubles after each rejected attempt. Default 200 ms. */
  baseDelayMs?: number;
  /** Told before each retry, with the wait and why; `maxAttempts` as resolved. */
  onRetry?: (retry: { attempt: number; maxAttempts: number; delayMs: number; reason: string }) => void;
  /** Jitter source in [0, 1); Math.random unless a test seeds one. */
  random?: () => number;
}

export interface PushResultsResult {
  /** Commits delivered by this push. */
  pushed: number;
  /** True when the remote already had every local commit. */
  upToDate: boolean;
}

export async function pushResults(repo: ResultsRepo, options: PushResultsOptions): Promise<PushResultsResult> {
  const remote = await resolveRemote(repo, options.remote);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const random = options.random ?? Math.random;
  const trackingRef = trackingRefFor(repo, remote);
  for (let attempt = 1; ; attempt++) {
    const { remoteTip, advertisement } = await fetchIfMoved(repo, remote, trackingRef, options);
    const ahead = await withRepoLock(repo, 'push results', options, () => rebaseOnto(repo, remoteTip));
    if (ahead === 0) return { pushed: 0, upToDate: true };
    let reason: string;
    // What the server says about an attempt that loses the race ("error: cannot lock ref ...") is
    // not news: the retry line says it. Its lines are passed on only for the attempt that decides.
    const messages: string[] = [];
    try {
      const local = (await readTip(repo)) as string;
      const { ahead: commits } = await findDivergence(repo, local, remoteTip);
      await sendPack(repo, {
        url: remote.url,
        ref: repo.ref,
        oldOid: remoteTip,
        commits,
        http: httpFor(options),
        ...(options.token === undefined ? {} : { token: options.token }),
        onMessage: (line: string) => messages.push(line),
        ...(advertisement === undefined ? {} : { advertisement }),
      });
      flush(messages, options);
      await git.writeRef({ fs: repo.fs, gitdir: repo.gitdir, ref: trackingRef, value: local, force: true });
      return { pushed: commits.length, upToDate: false };
    } catch (error) {
      reason = rejectionReason(error) ?? '';
      if (reason === '') {
        flush(messages, options);
        throw toRemoteError(error, remote, 'push to', options.token);
      }
      if (attempt >= maxAttempts) {
        throw new PitwallError('PUSH_REJECTED', `Cannot push results to "${remote.shown}": rejected ${attempt} times, last because ${reason}`, {
          hint: 'Other runners keep pushing or the server refuses the branch; the results stay committed locally, run "pitwall push" again later',
          cause: error,
        });
      }
    }
    const delayMs = Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.5 + random()));
    options.onRetry?.({ attempt, maxAttempts, delayMs, reason });
    await sleep(delayMs);
  }
}

/**
 * Fetches the remote branch unless the server advertises the tip the tracking
 * ref already holds (the usual case: nobody pushed since), which spares a
 * fetch's negotiation and pack reading on every push. That advertisement is
 * returned so the pack is sent without asking for it again; after a fetch the
 * pack's sender reads a fresh one.
 */
async function fetchIfMoved(
  repo: ResultsRepo,
  remote: ResolvedRemote,
  trackingRef: string,
  options: PushResultsOptions,
): Promise<{ remoteTip: string | null; advertisement?: Advertisement }> {
  const tracked = await readTip(repo, trackingRef);
  if (tracked !== null) {
    let advertisement: Advertisement;
    try {
      advertisement = await readAdvertisement(httpFor(options), remote.url, repo.ref, options.token);
    } catch (error) {
      throw toRemoteError(error, remote, 'fetch from', options.token);
    }
    if (advertisement.tip === tracked) return { remoteTip: tracked, advertisement };
  }
  return { remoteTip: (await fetchResolved(repo, remote, options)).remoteTip };
}

function flush(messages: readonly string[], options: RemoteOptions): void {
  if (options.onMessage !== undefined) for (const line of messages) options.onMessage(line);
}

/** Local commits not on the remote tip seen at the last fetch or push; no network. */
export async function countUndelivered(repo: ResultsRepo, remote: string): Promise<number> {
  const resolved = await resolveRemote(repo, remote);
  const local = await readTip(repo);
  if (local === null) return 0;
  const remoteTip = await readTip(repo, trackingRefFor(repo, resolved));
  return (await findDivergence(repo, local, remoteTip)).ahead.length;
}

/**
 * Puts the local branch on top of `remoteTip` (re-applying the local runs the
 * remote lacks) and returns how many commits it has that the remote lacks.
 * The caller holds the repository lock.
 */
export async function rebaseOnto(repo: ResultsRepo, remoteTip: string | null): Promise<number> {
  const local = await readTip(repo);
  if (local === null) {
    if (remoteTip !== null) await writeTip(repo, remoteTip);
    return 0;
  }
  const { forkPoint, ahead } = await findDivergence(repo, local, remoteTip);
  if (remoteTip === null || forkPoint === remoteTip) return ahead.length;
  if (ahead.length === 0) {
    // The remote has everything we have and more: catch up.
    await writeTip(repo, remoteTip);
    return 0;
  }
  const { tip, replayed } = await replayCommits(repo, ahead, remoteTip);
  await writeTip(repo, tip);
  return replayed;
}

/** Why a push lost, when it was a rejection worth retrying; undefined for any other failure. */
function rejectionReason(error: unknown): string | undefined {
  const code = codeOf(error);
  if (code === 'PushRejectedError') return 'the remote branch moved (not a fast-forward)';
  if (code === 'GitPushError') {
    const details = (error as { data?: { prettyDetails?: unknown } }).data?.prettyDetails;
    return `the server refused the update: ${typeof details === 'string' ? details.trim().replace(/\s+/g, ' ') : 'no details'}`;
  }
  return undefined;
}
