/**
 * The HTTP client for isomorphic-git, with explicit timeouts and one repair.
 *
 * Timeouts: a connection must be set up within `connectMs` and then never be
 * silent for longer than `idleMs`. Either ends the exchange with an ETIMEDOUT
 * error, which the store reports as an unreachable remote. (Node's default
 * agent instead drops a socket after 5 s of silence with an error that has no
 * code, which a slow server answering a large fetch easily reaches.)
 *
 * A remote whose HEAD names a branch that does not exist (a bare repository
 * that only ever received the results branch) advertises its refs without a
 * HEAD line. isomorphic-git's fetch then fails looking for HEAD after it has
 * moved the tracking ref but before it stores the pack. When HEAD is missing
 * from an upload-pack advertisement, this client adds a HEAD line with the first
 * ref's oid: fetch only uses it to name a default branch, which the store ignores.
 */
import http from 'isomorphic-git/http/node';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { UsageError } from '../errors.ts';

const ZERO_OID = '0'.repeat(40);

export interface HttpTimeouts {
  /** Time to set up a connection (TCP and TLS). */
  connectMs: number;
  /** Longest silence once connected: no byte sent or received. */
  idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = { connectMs: 30_000, idleMs: 120_000 };

export const TIMEOUT_ENV = { connectMs: 'PITWALL_CONNECT_TIMEOUT', idleMs: 'PITWALL_IDLE_TIMEOUT' } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * The timeouts, with PITWALL_CONNECT_TIMEOUT and PITWALL_IDLE_TIMEOUT (seconds,
 * or a number with ms, s or m) in place of the defaults.
 */
export function readHttpTimeouts(env: Readonly<Record<string, string | undefined>>): HttpTimeouts {
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS };
  for (const key of ['connectMs', 'idleMs'] as const) {
    const name = TIMEOUT_ENV[key];
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    const match = DURATION.exec(text);
    const ms = match === null ? Number.NaN : Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? Number.NaN);
    if (!(ms >= 1 && ms <= 3_600_000)) {
      throw new UsageError('ENV_INVALID', `Invalid ${name} "${text}": expected a duration from 1 ms to 60 m`, {
        hint: `Write seconds ("30") or a number with ms, s or m ("500ms", "2m"), or unset ${name} for the default of ${DEFAULT_HTTP_TIMEOUTS[key] / 1000} s`,
      });
    }
    timeouts[key] = ms;
  }
  return timeouts;
}

/** An HTTP client for isomorphic-git with these timeouts. */
export function createStoreHttp(timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): HttpClient {
  // No keep-alive: a socket lives for one request, so no idle pooled socket can fail unobserved.
  const agents = { http: new TimedHttpAgent(timeouts), https: new TimedHttpsAgent(timeouts) };
  return {
    async request(request: GitHttpRequest): Promise<GitHttpResponse> {
      const agent = /^https:/i.test(request.url) ? agents.https : agents.http;
      const response = await http.request({ ...request, agent });
      if (response.body === undefined) return response;
      const guarded = guardBody(response.body, timeouts.idleMs, request.url);
      if (!isUploadPackAdvertisement(request, response)) return { ...response, body: guarded };
      const body = addMissingHead(await collect(guarded));
      return { ...response, body: single(body) };
    },
  };
}

let defaultClient: HttpClient | undefined;

/** The client with the default timeouts, shared. */
export function defaultStoreHttp(): HttpClient {
  defaultClient ??= createStoreHttp();
  return defaultClient;
}

/** The client for these timeouts; the shared default one when they are the defaults. */
export function httpClientFor(timeouts: HttpTimeouts): HttpClient {
  const same = timeouts.connectMs === DEFAULT_HTTP_TIMEOUTS.connectMs && timeouts.idleMs === DEFAULT_HTTP_TIMEOUTS.idleMs;
  return same ? defaultStoreHttp() : createStoreHttp(timeouts);
}

export function timeoutError(phase: 'connect' | 'idle', where: string, ms: number): Error {
  const message = phase === 'connect'
    ? `connecting to ${where} timed out after ${formatSeconds(ms)}`
    : `${where} sent nothing for ${formatSeconds(ms)} (idle timeout)`;
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Arms the connect timeout, then the idle timeout, on a new socket. */
function watchSocket(socket: Socket, timeouts: HttpTimeouts, tls: boolean, where: string): Socket {
  let connected = false;
  socket.setTimeout(timeouts.connectMs);
  socket.once(tls ? 'secureConnect' : 'connect', () => {
    connected = true;
    socket.setTimeout(timeouts.idleMs);
  });
  socket.on('timeout', () => {
    socket.destroy(connected ? timeoutError('idle', where, timeouts.idleMs) : timeoutError('connect', where, timeouts.connectMs));
  });
  return socket;
}

function describeTarget(options: { host?: string | null; hostname?: string | null; port?: number | string | null }): string {
  return `${options.hostname ?? options.host ?? 'the server'}${options.port === undefined || options.port === null ? '' : `:${options.port}`}`;
}

type CreateConnection = (options: object, callback?: unknown) => Socket;

class TimedHttpAgent extends HttpAgent {
  readonly #timeouts: HttpTimeouts;
  constructor(timeouts: HttpTimeouts) {
    super({ keepAlive: false });
    this.#timeouts = timeouts;
  }
  override createConnection(...args: Parameters<CreateConnection>): Socket {
    const socket = (HttpAgent.prototype.createConnection as unknown as CreateConnection).apply(this, args);
    return watchSocket(socket, this.#timeouts, false, describeTarget(args[0]));
  }
}

class TimedHttpsAgent extends HttpsAgent {
  readonly #timeouts: HttpTimeouts;
  constructor(timeouts: HttpTimeouts) {
    super({ keepAlive: false });
    this.#timeouts = timeouts;
  }
  override createConnection(...args: Parameters<CreateConnection>): Socket {
    const socket = (HttpsAgent.prototype.createConnection as unknown as CreateConnection).apply(this, args) as TLSSocket;
    return watchSocket(socket, this.#timeouts, true, describeTarget(args[0]));
  }
}

/**
 * The response body, failing with the idle timeout when no chunk arrives in
 * time. The socket's own timeout normally fires first; this also covers an
 * error the body's stream emitted while nobody was waiting for a chunk.
 */
async function* guardBody(body: AsyncIterableIterator<Uint8Array>, idleMs: number, url: string): AsyncIterableIterator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  const where = new URL(url).host;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const silence = new Promise<never>((_, reject) => {
        // A little later than the socket's timer, whose error names the phase.
        timer = setTimeout(() => reject(timeoutError('idle', where, idleMs)), idleMs + 1000);
      });
      let next: IteratorResult<Uint8Array>;
      try {
        next = await Promise.race([iterator.next(), silence]);
      } finally {
        clearTimeout(timer);
      }
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

function isUploadPackAdvertisement(request: GitHttpRequest, response: GitHttpResponse): boolean {
  return (request.method ?? 'GET').toUpperCase() === 'GET' && response.statusCode === 200 && request.url.endsWith('/info/refs?service=git-upload-pack');
}

/** Inserts `<oid> HEAD` after the first ref line when no ref line names HEAD. */
export function addMissingHead(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body);
  let firstRefEnd = -1;
  let firstOid: string | null = null;
  let sawServiceLine = false;
  for (let at = 0; at + 4 <= text.length; ) {
    const length = Number.parseInt(text.toString('latin1', at, at + 4), 16);
    if (Number.isNaN(length)) return body;
    if (length === 0) {
      at += 4;
      continue;
    }
    if (length < 4 || at + length > text.length) return body;
    const line = text.toString('latin1', at + 4, at + length);
    at += length;
    if (!sawServiceLine && line.startsWith('# service=')) {
      sawServiceLine = true;
      continue;
    }
    const match = /^([0-9a-f]{40}) ([^\0\n]+)/.exec(line);
    if (match === null) continue;
    if (match[2] === 'HEAD') return body;
    if (firstOid === null) {
      firstOid = match[1] as string;
      firstRefEnd = at;
    }
  }
  if (firstOid === null || firstOid === ZERO_OID) return body;
  const payload = `${firstOid} HEAD\n`;
  const head = Buffer.from((payload.length + 4).toString(16).padStart(4, '0') + payload, 'latin1');
  return Buffer.concat([text.subarray(0, firstRefEnd), head, text.subarray(firstRefEnd)]);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function* single(body: Uint8Array): AsyncIterableIterator<Uint8Array> {
  yield body;
}
