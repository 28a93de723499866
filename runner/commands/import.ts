import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { VERSION } from '../version.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { validateName } from '../../results/layout.ts';
import { UsageError } from '../../results/errors.ts';
import { IMPORT_FORMAT_NAMES, resolveImportFormat } from '../import/index.ts';
import { validateSuitePrefix } from '../import/suite-names.ts';
import { planRunFiles } from '../import/to-run-files.ts';
import { splitImported, writeImported, type ImportPlan } from '../import/write-imported.ts';
import { formatImportSummary, summarizeImport } from '../import/summary.ts';

const help = `Usage: pitwall import <source> [options]

Imports a benchmark history kept by another tool onto the results branch, as
ok runs without logs, in a few commits (200 runs each, oldest first). Importing
the same history again adds only the runs that are new: the others are found
at their place on the branch and counted as already imported.

Sources:
  gab    github-action-benchmark: the data.js it keeps on gh-pages
         (dev/bench/data.js) or the same object as data.json. Each entry is a
         run of its suite ("Rust Benchmark" -> rust-benchmark), at the entry's
         date; times in s, rates in ops/s; "range" and "extra" are left out.
  asv    airspeed velocity: the project folder (with asv.conf.json) or its
         results folder. Each results/<machine>/<commit>-<env>.json is a run on
         the asv machine, suite = the environment ("conda-py3.12"), samples kept.

Options:
  --format <name>        gab, asv, or auto (default: auto, from the source)
  --machine <name>       Machine name for every run (default: the source's
                         machine for asv, "imported" for gab)
  --suite-prefix <text>  Put before every suite name, e.g. "gab-"
  --branch <name>        Results branch (default: from pitwall.yaml, else "results")
  --dry-run              Read the source and report, without writing
  --json                 Print the summary as JSON on stdout
  -h, --help             Show this help

Nothing is pushed: run "pitwall push" afterwards to deliver the runs.

Examples:
  pitwall import gh-pages/dev/bench/data.js --suite-prefix gab-
  pitwall import ../my-asv-project --dry-run
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', ctx.argv, {
    format: { type: 'string', default: 'auto' },
    machine: { type: 'string' },
    'suite-prefix': { type: 'string', default: '' },
    branch: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  }, { positionals: 1 });
  const source = positionals[0];
  if (source === undefined) {
    throw new UsageError('USAGE', 'pitwall import: missing the source to import', { hint: `Pass a history file or folder (formats: ${IMPORT_FORMAT_NAMES.join(', ')}), e.g. pitwall import data.js` });
  }
  const machine = values.machine === undefined ? undefined : validateName('machine', values.machine);
  const suitePrefix = validateSuitePrefix(values['suite-prefix']);
  const dryRun = values['dry-run'];
  const say = (text: string) => progress(ctx.stderr, text);

  const { name, format } = await resolveImportFormat(source, values.format);
  const read = await format.read(source, { suitePrefix, ...(machine === undefined ? {} : { machine }) });
  say(`read ${read.runs.length} run${read.runs.length === 1 ? '' : 's'} of ${read.suites.length} suite${read.suites.length === 1 ? '' : 's'} from ${format.title} "${source}"`);
  const planned = planRunFiles(read.runs, VERSION);

  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: values.branch ?? config.branch });
  let plan: ImportPlan;
  let commits: string[] = [];
  if (dryRun) {
    plan = await splitImported(repo, planned);
  } else {
    const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall import', onWarning: (w: string) => say(`warning: ${w}`) });
    try {
      plan = await splitImported(repo, planned);
      if (plan.existing.length > 0) say(`${plan.existing.length} runs are on branch "${repo.branch}" already`);
      commits = await writeImported(repo, plan.fresh, {
        lock,
        title: format.title,
        source,
        onProgress: (written, total) => say(`imported ${written}/${total} runs`),
      });
    } finally {
      await lock.release();
    }
  }

  const summary = summarizeImport({ source, format: name, tool: format.title, branch: repo.branch, dryRun, read, plan, commits });
  ctx.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatImportSummary(summary));
  return 0;
}

export const command: Command = { help, run };
