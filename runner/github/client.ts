/**
 * A small GitHub REST client over the global `fetch`: the headers GitHub
 * documents, retries on server errors and rate limits, pagination through the
 * `Link` header, and errors that never carry the token.
 */
import { PitwallError } from '../../results/errors.ts';
import { redactSecrets } from '../redact-secrets.ts';
import { VERSION } from '../version.ts';
import { parseLinkHeader } from './link-header.ts';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.ts';

export const DEFAULT_API_URL = 'https://api.github.com';
export const API_VERSION = '2022-11-28';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RetryEvent {
  method: HttpMethod;
  path: string;
  attempt: number;
  waitMs: number;
  reason: string;
}

export interface GitHubClientOptions {
  token: string;
  /** API root, e.g. `https://ghe.example.com/api/v3`; default https://api.github.com. */
  apiUrl?: string | undefined;
  userAgent?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  /** Told before each wait, so the caller can say why it is slow. */
  onRetry?: (event: RetryEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RequestOptions {
  /**
   * Whether sending the request twice does no harm. GET, PATCH, PUT and DELETE
   * are; a POST is not unless told: a POST whose answer was lost (a 5xx, a
   * timeout, a dropped connection) may have been carried out, so it is not
   * retried here and fails with GITHUB_OUTCOME_UNKNOWN for the caller to check.
   */
  idempotent?: boolean;
}

export interface GitHubClient {
  readonly apiUrl: string;
  /** Sends one request (JSON body when given) and returns the parsed JSON answer, or null for an empty one. */
  request<T>(method: HttpMethod, path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  /** Yields each page of a list endpoint, following `rel="next"` links. */
  paginate<T>(path: string): AsyncGenerator<T[]>;
}

/** The API root from the Actions environment (GITHUB_API_URL), else github.com's. */
export function apiUrlFrom(env: Readonly<Record<string, string | undefined>>): string {
  return env['GITHUB_API_URL'] || DEFAULT_API_URL;
}


function errorFor(status: number | null, rateLimited: boolean, resetAt: number | null, what: string, detail: string): PitwallError {
  const hintToken = 'Check the token: GITHUB_TOKEN or PITWALL_TOKEN needs pull-requests: write (comments) and statuses: write (commit statuses)';
  if (rateLimited) {
    const when = resetAt === null ? 'later' : `after ${new Date(resetAt).toISOString()}`;
    return new PitwallError('GITHUB_RATE_LIMITED', `${what} was rate limited by GitHub (HTTP ${status}): ${detail}`, {
      hint: `Try again ${when}; a token of its own (PITWALL_TOKEN) has a separate limit`,
    });
  }
  if (status === null || status >= 500) {
    return new PitwallError('GITHUB_UNAVAILABLE', `${what} failed: ${status === null ? detail : `GitHub answered HTTP ${status}: ${detail}`}`, {
      hint: 'GitHub or the network is down; the results are committed, run the command again later to publish the report',
    });
  }
  if (status === 401 || status === 403) {
    return new PitwallError('GITHUB_AUTH_FAILED', `${what} was refused by GitHub (HTTP ${status}): ${detail}`, { hint: hintToken });
  }
  if (status === 404) {
    return new PitwallError('GITHUB_NOT_FOUND', `${what} failed: GitHub has no such resource (HTTP 404): ${detail}`, {
      hint: 'Check the repository and pull request number; a token without access to a private repository also gets 404',
    });
  }
  return new PitwallError('GITHUB_REQUEST_FAILED', `${what} failed: GitHub answered HTTP ${status}: ${detail}`, {
    hint: 'The request did not match what GitHub expects; report this as a pitwall bug with the message above',
  });
}

async function readMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as { message?: unknown; errors?: unknown };
    const message = typeof parsed.message === 'string' ? parsed.message : text;
    return Array.isArray(parsed.errors) && parsed.errors.length > 0 ? `${message} ${JSON.stringify(parsed.errors)}` : message;
  } catch {
    return text.slice(0, 300) || response.statusText;
  }
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = (options.apiUrl || DEFAULT_API_URL).replace(/\/+$/, '');
  const origin = new URL(apiUrl).origin;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secrets = [options.token];
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': API_VERSION,
    'User-Agent': options.userAgent ?? `pitwall/${VERSION}`,
  };

  async function send(method: HttpMethod, url: string, body: unknown, idempotent: boolean): Promise<Response> {
    const path = url.startsWith(apiUrl) ? url.slice(apiUrl.length) : url;
    const what = `GitHub API ${method} ${path}`;
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    for (let attempt = 1; ; attempt++) {
      let response: Response | null = null;
      let message: string;
      try {
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        if (response.ok) return response;
        message = await readMessage(response);
      } catch (cause) {
        const error = cause as Error & { cause?: { code?: string; message?: string } };
        message = error.cause?.code ?? error.cause?.message ?? error.message;
      }
      message = redactSecrets(message, secrets);
      const status = response?.status ?? null;
      const decision = decideRetry({ status, headers: response?.headers ?? null, message, attempt, now: now() }, policy);
      // A rate-limited request was refused before anything happened; a lost answer is another matter.
      const outcomeUnknown = !idempotent && (status === null || status >= 500) && !(decision.retry ? /rate limited/.test(decision.reason) : decision.rateLimited);
      if (outcomeUnknown) {
        throw new PitwallError('GITHUB_OUTCOME_UNKNOWN', `${what} got no answer it could trust: ${status === null ? message : `GitHub answered HTTP ${status}: ${message}`}`, {
          hint: 'GitHub may have carried the request out; look before sending it again',
        });
      }
      if (!decision.retry) throw errorFor(status, decision.rateLimited, decision.resetAt, what, message);
      options.onRetry?.({ method, path, attempt, waitMs: decision.waitMs, reason: decision.reason });
      await sleep(decision.waitMs);
    }
  }

  async function parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    return (text === '' ? null : JSON.parse(text)) as T;
  }

  return {
    apiUrl,
    async request<T>(method: HttpMethod, path: string, body?: unknown, requestOptions: RequestOptions = {}): Promise<T> {
      const idempotent = requestOptions.idempotent ?? method !== 'POST';
      return await parse<T>(await send(method, `${apiUrl}${path}`, body, idempotent));
    },
    async *paginate<T>(path: string): AsyncGenerator<T[]> {
      const seen = new Set<string>();
      let url: string | undefined = `${apiUrl}${path}`;
      while (url !== undefined) {
        // The token goes only to the API host, whatever a Link header says.
        if (new URL(url).origin !== origin || seen.has(url)) {
          throw new PitwallError('GITHUB_REQUEST_FAILED', `GitHub API GET ${path}: the next page link "${url}" leaves ${origin} or repeats a page`, {
            hint: 'Check GITHUB_API_URL; a proxy in front of GitHub may rewrite Link headers',
          });
        }
        seen.add(url);
        const response = await send('GET', url, undefined, true);
        const next = parseLinkHeader(response.headers.get('link')).get('next');
        yield await parse<T[]>(response);
        url = next;
      }
    },
  };
}
