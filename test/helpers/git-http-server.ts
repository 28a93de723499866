/**
 * A real git smart-HTTP server on loopback for tests: a small node:http server
 * that hands each request to `git http-backend` as a CGI script, with optional
 * basic auth in front. Repositories are bare folders under `root`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>/<repoName>`. */
  url(repoName: string): string;
  root: string;
  /** Requests served so far, as "METHOD /path?query", plus " gzip" or " chunked" for such bodies. */
  readonly requests: string[];
  stop(): Promise<void>;
}

export interface GitHttpServerOptions {
  /** Folder of bare repositories; a temp folder (removed by stop) when absent. */
  root?: string;
  /** Require basic auth with these credentials. */
  auth?: { username: string; password: string };
}

export async function startGitHttpServer(options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  const ownRoot = options.root === undefined;
  const root = options.root ?? (await mkdtemp(path.join(tmpdir(), 'pitwall-git-http-')));
  const children = new Set<ChildProcess>();
  const requests: string[] = [];

  const server = createServer((req, res) => {
    const encoding = req.headers['content-encoding'] === 'gzip' ? ' gzip' : req.headers['transfer-encoding'] === 'chunked' ? ' chunked' : '';
    requests.push(`${req.method ?? 'GET'} ${req.url ?? '/'}${encoding}`);
    if (options.auth !== undefined && !isAuthorized(req, options.auth)) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    serveCgi(req, res, root, options.auth?.username, children);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: (repoName) => `http://127.0.0.1:${port}/${repoName}`,
    root,
    requests,
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownRoot) await rm(root, { recursive: true, force: true });
    },
  };
}

/** Creates `<root>/<name>` as a bare repository that accepts pushes over HTTP. */
export function createBareRepo(root: string, name: string): string {
  const dir = path.join(root, name);
  execFileSync('git', ['init', '--quiet', '--bare', dir]);
  execFileSync('git', ['-C', dir, 'config', 'http.receivepack', 'true']);
  return dir;
}

function isAuthorized(req: IncomingMessage, auth: { username: string; password: string }): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (match?.[1] === undefined) return false;
  return Buffer.from(match[1], 'base64').toString('utf8') === `${auth.username}:${auth.password}`;
}

function serveCgi(req: IncomingMessage, res: ServerResponse, root: string, user: string | undefined, children: Set<ChildProcess>): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  if (req.headers['content-type'] !== undefined) env['CONTENT_TYPE'] = req.headers['content-type'];
  // Without CONTENT_LENGTH (a chunked body) http-backend reads the body to its end.
  if (req.headers['content-length'] !== undefined) env['CONTENT_LENGTH'] = req.headers['content-length'];
  if (req.headers['content-encoding'] !== undefined) env['HTTP_CONTENT_ENCODING'] = req.headers['content-encoding'];
  if (typeof req.headers['git-protocol'] === 'string') env['GIT_PROTOCOL'] = req.headers['git-protocol'];
  if (user !== undefined) {
    env['REMOTE_USER'] = user;
    env['AUTH_TYPE'] = 'Basic';
  }

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.on('close', () => children.delete(child));
  child.on('error', (error) => fail(res, `cannot start git http-backend: ${error.message}`));
  child.stdin.on('error', () => {
    // http-backend may exit before reading a body it rejected; its response says why.
  });
  req.pipe(child.stdin);

  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const split = findHeaderEnd(head);
    if (split === null) return;
    headersDone = true;
    const { status, headers } = parseCgiHeaders(head.subarray(0, split.at).toString('latin1'));
    res.writeHead(status, headers);
    const body = head.subarray(split.at + split.length);
    if (body.length > 0) res.write(body);
  });
  child.stdout.on('end', () => {
    if (!headersDone) fail(res, `git http-backend gave no headers: ${stderr.trim()}`);
    else res.end();
  });
}

function findHeaderEnd(buffer: Buffer): { at: number; length: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf !== -1) return { at: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

function fail(res: ServerResponse, message: string): void {
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
  res.end(`${message}\n`);
}
