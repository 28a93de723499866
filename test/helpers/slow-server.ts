/**
 * A real HTTP server on loopback that answers slowly: each request waits
 * `delayMs` (forever when null) before it is passed on to `target` (another
 * loopback server, such as the git HTTP server) and its answer relayed.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowServer {
  /** `http://127.0.0.1:<port>`: put the target's path after it. */
  origin: string;
  /** Requests received so far, as "METHOD /path?query". */
  readonly requests: string[];
  stop(): Promise<void>;
}

export interface SlowServerOptions {
  /** Origin requests are relayed to, e.g. "http://127.0.0.1:4321". */
  target?: string;
  /** Wait before relaying a request; null never answers. */
  delayMs: (req: IncomingMessage, index: number) => number | null;
}

export async function startSlowServer(options: SlowServerOptions): Promise<SlowServer> {
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const index = requests.length;
    requests.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
    const delay = options.delayMs(req, index);
    req.pause();
    if (delay === null) return; // holds the connection open and says nothing
    const timer = setTimeout(() => {
      timers.delete(timer);
      relay(req, res, options.target);
    }, delay);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function relay(req: IncomingMessage, res: ServerResponse, target: string | undefined): void {
  if (target === undefined) {
    req.resume();
    res.writeHead(404).end();
    return;
  }
  const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502);
    res.end(String(error));
  });
  req.pipe(upstream);
  req.resume();
}
