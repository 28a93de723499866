import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { serveStatic } from '../static-server.ts';
import { UsageError } from '../../results/errors.ts';

const help = `Usage: pitwall serve [dir] [options]

Serves a built dashboard (default: dist) on http://127.0.0.1:4321/ until
interrupted, to look at it before publishing.

Options:
  --port <n>      Port (default 4321; 0 picks a free one)
  --base <path>   URL path the site was built for (default /)
  -h, --help      Show this help
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', ctx.argv, { port: { type: 'string', default: '4321' }, base: { type: 'string', default: '/' } }, { positionals: 1 });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError('USAGE', `pitwall serve: --port must be a port number, got "${values.port}"`, { hint: 'Write for example --port 8080' });
  }
  const server = await serveStatic(resolve(ctx.cwd, positionals[0] ?? 'dist'), { base: values.base, port });
  progress(ctx.stderr, `serving on ${server.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolvePromise) => {
    process.once('SIGINT', resolvePromise);
    process.once('SIGTERM', resolvePromise);
  });
  await server.close();
  return 0;
}

export const command: Command = { help, run };
