import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { buildSite } from '../pipeline/build-site.ts';
import { UsageError } from '../../results/errors.ts';

const help = `Usage: pitwall build [options]

Builds the static dashboard from the whole history of the results branch:
overview, metric charts with change points, regressions (with an Atom feed and
JSON), compare views, runs with their logs, machines and notes.

Options:
  --out <dir>       Output folder (default: dist)
  --base <path>     URL path the site is served under, e.g. /parser/ for
                    https://acme.github.io/parser/ (default: the path of
                    site.url in pitwall.yaml, else /)
  --repo <dir>      Repository holding the results branch (default: .)
  --config <file>   Config file (default: pitwall.yaml if present)
  -h, --help        Show this help

Needs Node >= 22.12 (Astro 7).
`;

function normaliseBase(base: string): string {
  if (!base.startsWith('/')) {
    throw new UsageError('USAGE', `pitwall build: --base must start with "/", got "${base}"`, { hint: 'Write the path only, for example --base /parser/' });
  }
  return base.endsWith('/') ? base : `${base}/`;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('build', ctx.argv, {
    out: { type: 'string', default: 'dist' },
    base: { type: 'string' },
    repo: { type: 'string', default: '.' },
    config: { type: 'string' },
  });
  const repoDir = resolve(ctx.cwd, values.repo);
  const config = await loadConfig({ cwd: repoDir, env: ctx.env, allowMissing: true, ...(values.config === undefined ? {} : { file: resolve(ctx.cwd, values.config) }) });
  const base = normaliseBase(values.base ?? (config.site.url !== null ? new URL(config.site.url).pathname : '/'));
  const result = await buildSite({ repoDir, outDir: resolve(ctx.cwd, values.out), config, base, onProgress: (t) => progress(ctx.stderr, t) });
  ctx.stdout.write(`${result.outDir}\n`);
  return 0;
}

export const command: Command = { help, run };
