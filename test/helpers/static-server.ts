/**
 * Serves a built site on 127.0.0.1 (random port) under a base path, as
 * GitHub Pages would; the same server `pitwall serve` uses.
 */
import { serveStatic as serveWithRunner, type StaticServer } from '../../runner/static-server.ts';

export type { StaticServer };

/** `url` ends with the base, e.g. http://127.0.0.1:40123/parser/. */
export function serveStatic(dir: string, base = '/'): Promise<StaticServer> {
  return serveWithRunner(dir, { base, host: '127.0.0.1', port: 0 });
}
