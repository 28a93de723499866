/**
 * Talking to the remote that receives results: resolving a remote name or URL,
 * token auth, fetching the results branch, and turning transport failures into
 * PitwallErrors that never carry the token.
 */
import git from 'isomorphic-git';
import type { AuthCallback, GitProgressEvent, HttpClient, PromiseFsClient } from 'isomorphic-git';
import path from 'node:path';
import { PitwallError, UsageError } from '../errors.ts';
import { httpClientFor, readHttpTimeouts, type HttpTimeouts } from './http-client.ts';
import { readTip } from './refs.ts';
import { readShallowCommits } from './shallow.ts';
import type { ResultsRepo } from './repo.ts';

/** Tracking refs for a remote given as a URL live under refs/remotes/<this>/. */
export const URL_REMOTE_NAME = 'pitwall';

export interface RemoteOptions {
  /** A git remote name (resolved through the repository config) or an http(s) URL. */
  remote: string;
  /** Sent as basic auth `x-access-token:<token>` when the server asks (GitHub style). */
  token?: string;
  onProgress?: (event: GitProgressEvent) => void;
  /** Lines the server prints (e.g. "remote: ..."). */
  onMessage?: (line: string) => void;
  /** Connect and idle timeouts; default from PITWALL_CONNECT_TIMEOUT and PITWALL_IDLE_TIMEOUT, else 30 s and 120 s. */
  timeouts?: HttpTimeouts;
}

export interface ResolvedRemote {
  /** Names the tracking ref: the remote's name, or `pitwall` for a URL. */
  name: string;
  url: string;
  /** The URL without any credentials, for messages. */
  shown: string;
}

export interface FetchResultsResult {
  /** The remote branch tip, or null when the remote has no results branch yet. */
  remoteTip: string | null;
  /** Where the tip was recorded, `refs/remotes/<name>/<branch>`. */
  trackingRef: string;
}

const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EHOSTDOWN',
  'ENETDOWN', 'ESOCKETTIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'EPROTO',
]);
/** Transport failures that come without a code (from the HTTP client isomorphic-git uses). */
const NETWORK_MESSAGES = /^(Request timed out|socket hang up|aborted|too many redirects)$/;

export async function resolveRemote(repo: ResultsRepo, remote: string): Promise<ResolvedRemote> {
  if (/^https?:\/\//i.test(remote)) return { name: URL_REMOTE_NAME, url: remote, shown: hideCredentials(remote) };
  if (!REMOTE_NAME.test(remote)) throw unsupported(`"${hideCredentials(remote)}"`);
  const url: unknown = await git.getConfig({ fs: repo.fs, gitdir: repo.gitdir, path: `remote.${remote}.url` });
  if (typeof url !== 'string' || url === '') {
    throw new UsageError('REMOTE_NOT_FOUND', `Cannot use remote "${remote}" for results: the repository has no such remote`, {
      hint: `Add it with "git remote add ${remote} https://..." or pass an https URL`,
    });
  }
  if (!/^https?:\/\//i.test(url)) throw unsupported(`remote "${remote}" (${hideCredentials(url)})`, remote);
  return { name: remote, url, shown: hideCredentials(url) };
}

export function trackingRefFor(repo: ResultsRepo, remote: ResolvedRemote): string {
  return `refs/remotes/${remote.name}/${repo.branch}`;
}

/** Fetches the results branch alone into its tracking ref. */
export async function fetchResults(repo: ResultsRepo, options: RemoteOptions): Promise<FetchResultsResult> {
  const remote = await resolveRemote(repo, options.remote);
  return await fetchResolved(repo, remote, options);
}

export async function fetchResolved(repo: ResultsRepo, remote: ResolvedRemote, options: RemoteOptions): Promise<FetchResultsResult> {
  const trackingRef = trackingRefFor(repo, remote);
  // A shallow checkout (CI) that never fetched the results branch needs only its
  // tip to replay onto, not the whole history of every run. A complete
  // repository is never made shallow.
  const tipOnly = (await readShallowCommits(repo)).size > 0 && (await readTip(repo, trackingRef)) === null;
  let remoteTip: string | null;
  try {
    const result = await git.fetch({
      fs: withTrackingRefspec(repo, remote.name, trackingRef),
      http: httpFor(options),
      gitdir: repo.gitdir,
      cache: repo.cache,
      url: remote.url,
      remote: remote.name,
      // The tracking ref is what we "have": the remote knows it, so only new commits come back.
      ref: trackingRef,
      remoteRef: repo.ref,
      singleBranch: true,
      tags: false,
      ...(tipOnly ? { depth: 1 } : {}),
      ...transportCallbacks(options),
    });
    remoteTip = result.fetchHead;
  } catch (error) {
    if (!isMissingRemoteBranch(error, repo)) throw toRemoteError(error, remote, 'fetch from', options.token);
    remoteTip = null;
  }
  if (remoteTip === null && (await readTip(repo, trackingRef)) !== null) {
    await git.deleteRef({ fs: repo.fs, gitdir: repo.gitdir, ref: trackingRef });
  }
  return { remoteTip, trackingRef };
}

/**
 * isomorphic-git records a fetched tip only through the remote's configured
 * fetch refspecs, and fails when there are none: a URL has none, and a named
 * remote's refspec may not cover the results branch. Rather than edit the
 * user's config, the fetch reads a config with one more refspec.
 */
function withTrackingRefspec(repo: ResultsRepo, remoteName: string, trackingRef: string): PromiseFsClient {
  const configPath = path.join(repo.gitdir, 'config');
  const extra = `\n[remote "${remoteName}"]\n\tfetch = +${repo.ref}:${trackingRef}\n`;
  const { readFile } = repo.fs.promises;
  async function readConfigWithRefspec(file: unknown, options?: unknown): Promise<unknown> {
    if (typeof file !== 'string' || path.resolve(file) !== configPath) return await readFile(file, options);
    let text = '';
    try {
      text = String(await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const merged = text + extra;
    return typeof options === 'string' || (options as { encoding?: unknown } | undefined)?.encoding !== undefined ? merged : Buffer.from(merged);
  }
  return { promises: { ...repo.fs.promises, readFile: readConfigWithRefspec } };
}

/** The HTTP client with the options' timeouts. */
export function httpFor(options: RemoteOptions): HttpClient {
  return httpClientFor(options.timeouts ?? readHttpTimeouts(process.env));
}

export function transportCallbacks(options: RemoteOptions): {
  onAuth?: AuthCallback;
  onProgress?: (event: GitProgressEvent) => void;
  onMessage?: (line: string) => void;
} {
  const { token } = options;
  return {
    ...(token === undefined ? {} : { onAuth: () => ({ username: 'x-access-token', password: token }) }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.onMessage === undefined ? {} : { onMessage: options.onMessage }),
  };
}

/**
 * Maps a transport failure to REMOTE_UNREACHABLE, REMOTE_AUTH_FAILED,
 * REMOTE_NOT_FOUND or REMOTE_HTTP_ERROR. Anything else is returned as it is.
 */
export function toRemoteError(error: unknown, remote: ResolvedRemote, action: string, token: string | undefined): unknown {
  const code = codeOf(error);
  const cause = sanitize(error, remote, token);
  if (isNetworkFailure(error)) {
    const slow = codeOf(cause) === 'ETIMEDOUT' ? '; a server that is slow to answer may need a longer PITWALL_IDLE_TIMEOUT or PITWALL_CONNECT_TIMEOUT' : '';
    return new PitwallError('REMOTE_UNREACHABLE', `Cannot ${action} "${remote.shown}": ${cause.message}`, {
      hint: `Check the network and the remote URL${slow}; the results stay committed locally and the next push delivers them`,
      cause,
    });
  }
  if (code === 'HttpError') {
    const status = (error as { data?: { statusCode?: number } }).data?.statusCode ?? 0;
    if (status === 401 || status === 403) {
      return new PitwallError('REMOTE_AUTH_FAILED', `Cannot ${action} "${remote.shown}": the server refused the credentials (HTTP ${status})`, {
        hint: 'Pass a token with write access to the repository (for GitHub, contents: write)',
        cause,
      });
    }
    if (status === 404) {
      return new PitwallError('REMOTE_NOT_FOUND', `Cannot ${action} "${remote.shown}": the server has no such repository (HTTP 404)`, {
        hint: 'Check the remote URL; private repositories also answer 404 without a token',
        cause,
      });
    }
    if (status >= 500) {
      return new PitwallError('REMOTE_UNREACHABLE', `Cannot ${action} "${remote.shown}": the server failed (HTTP ${status})`, {
        hint: 'Try again later; the results stay committed locally and the next push delivers them',
        cause,
      });
    }
    return new PitwallError('REMOTE_HTTP_ERROR', `Cannot ${action} "${remote.shown}": ${cause.message}`, { hint: 'Check the remote URL', cause });
  }
  if (code === 'EmptyServerResponseError') {
    return new PitwallError('REMOTE_UNREACHABLE', `Cannot ${action} "${remote.shown}": the server sent an empty answer`, {
      hint: 'Try again later, and check that the URL is the git repository itself; the results stay committed locally and the next push delivers them',
      cause,
    });
  }
  if (code === 'SmartHttpError' || code === 'UnknownTransportError' || code === 'UrlParseError' || code === 'ParseError') {
    return new PitwallError('REMOTE_HTTP_ERROR', `Cannot ${action} "${remote.shown}": it does not answer as a git smart-HTTP server`, {
      hint: 'Check the remote URL: it must be the https URL of a git repository',
      cause,
    });
  }
  return error;
}

/** fetch's NotFoundError for the branch itself: the remote exists but has no results branch yet. */
function isMissingRemoteBranch(error: unknown, repo: ResultsRepo): boolean {
  return codeOf(error) === 'NotFoundError' && (error as { data?: { what?: unknown } }).data?.what === repo.ref;
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isNetworkFailure(error: unknown, depth = 0): boolean {
  const code = codeOf(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
  if (code === undefined && error instanceof Error && NETWORK_MESSAGES.test(error.message)) return true;
  if (error instanceof AggregateError) return error.errors.some((e) => isNetworkFailure(e, depth + 1));
  if (error instanceof Error && error.cause !== undefined && depth < 5) return isNetworkFailure(error.cause, depth + 1);
  return false;
}

/** A copy of the cause with the token and any URL credentials blanked out. */
function sanitize(error: unknown, remote: ResolvedRemote, token: string | undefined): Error {
  let message = error instanceof Error ? error.message : String(error);
  if (remote.url !== remote.shown) message = message.split(remote.url).join(remote.shown);
  if (token !== undefined && token !== '') message = message.split(token).join('***');
  const copy = new Error(message);
  const code = codeOf(error);
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

function hideCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@]*@/i, '$1');
}

function unsupported(described: string, name?: string): UsageError {
  return new UsageError('REMOTE_UNSUPPORTED', `Cannot use ${described} for results: only http(s) remotes are supported`, {
    hint: name === undefined
      ? 'Pass an https URL such as https://github.com/<owner>/<repo>.git, or the name of a remote whose URL is https'
      : `Add a remote with the https URL ("git remote add ${name}-https https://...") and pass that name, or pass the https URL itself`,
  });
}
