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
  --cache <dir>     Folder of the derived cache that makes rebuilds
                    incremental (default: .git/pitwall-cache); point CI
                    caches at it. Safe to delete at any time.
  --config <file>   Config file (default: pitwall.yaml if present)
  -h, --help        Show this help

SOURCE_DATE_EPOCH (seconds) sets the build time shown on the site, for
reproducible builds. Needs Node >= 22.12 (Astro 7).
`;

function normaliseBase(base: string): string {
  if (!base.startsWith('/')) {
    throw new UsageError('USAGE', `pitwall build: --base must start with "/", got "${base}"`, { hint: 'Write the path only, for example --base /parser/' });
  }
  return base.endsWith('/') ? base : `${base}/`;
}

/** SOURCE_DATE_EPOCH, the reproducible-builds convention, fixes the time the site says it was built. */
function buildTime(env: NodeJS.ProcessEnv): { now?: Date } {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return {};
  if (!/^\d+$/.test(epoch)) {
    throw new UsageError('USAGE', `pitwall build: SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`, { hint: 'Set it to the output of "git log -1 --format=%ct", or unset it' });
  }
  return { now: new Date(Number(epoch) * 1000) };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('build', ctx.argv, {
    out: { type: 'string', default: 'dist' },
    base: { type: 'string' },
    repo: { type: 'string', default: '.' },
    config: { type: 'string' },
    cache: { type: 'string' },
  });
  const repoDir = resolve(ctx.cwd, values.repo);
  const config = await loadConfig({ cwd: repoDir, env: ctx.env, allowMissing: true, ...(values.config === undefined ? {} : { file: resolve(ctx.cwd, values.config) }) });
  const base = normaliseBase(values.base ?? (config.site.url !== null ? new URL(config.site.url).pathname : '/'));
  const result = await buildSite({
    repoDir,
    outDir: resolve(ctx.cwd, values.out),
    config,
    base,
    onProgress: (t) => progress(ctx.stderr, t),
    env: ctx.env,
    ...(values.cache === undefined ? {} : { cacheDir: resolve(ctx.cwd, values.cache) }),
    ...buildTime(ctx.env),
  });
  ctx.stdout.write(`${result.outDir}\n`);
  return 0;
}

export const command: Command = { help, run };
