import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { listRunFiles } from '../../results/store/read-runs.ts';
import { createObjectReader, readBlobWithFallback } from '../../results/store/object-reader.ts';
import { parseRecordLine } from '../../results/schema.ts';
import { isPitwallError } from '../../results/errors.ts';
import { ConfigError } from '../config/config-error.ts';
import { ADAPTER_NAMES } from '../adapters/index.ts';
import { readSiteInputs } from '../pipeline/site-inputs.ts';
import { formatBytes, MAX_MEASUREMENTS_PER_RUN, MAX_RESULTS_FILE_BYTES } from '../../results/limits.ts';

const help = `Usage: pitwall check [options]

Validates pitwall.yaml (every problem at once, with line and column), every
results file on the results branch (every invalid line, with file and line),
and the notes and triage files exactly as "pitwall build" reads them (what it
would leave out of the site or show in part, with the line and the fix).

Besides the file itself it checks what would make a suite fail before it
measures anything: a script that does not exist, is not executable or whose
"#!" interpreter is missing, a cwd that does not exist, an unknown format, a
command whose program is not on the PATH. Nothing is run.

Options:
  --config <file>   Config file (default: pitwall.yaml in the current folder or
                    the nearest folder above it in the repository)
  --no-results      Check the config only
  --json            Print the problems as JSON on stdout
  -h, --help        Show this help

Exit codes: 0 everything valid, 2 a problem was found.
`;

interface Problem {
  file: string;
  line: number;
  column?: number;
  message: string;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('check', ctx.argv, {
    config: { type: 'string' },
    'no-results': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const say = (text: string) => progress(ctx.stderr, text);
  let config;
  try {
    config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, formats: ADAPTER_NAMES, setup: {}, ...(values.config === undefined ? {} : { file: values.config }) });
  } catch (error) {
    if (!values.json || !(error instanceof ConfigError)) throw error;
    ctx.stdout.write(`${JSON.stringify({ problems: error.problems.map((p) => ({ file: p.file, line: p.line, column: p.column, message: `${p.path}: ${p.message}` })) }, null, 2)}\n`);
    return 2;
  }
  say(`config ${config.file ?? '(defaults)'}: valid, ${config.suites.length} suite${config.suites.length === 1 ? '' : 's'}`);
  const problems: Problem[] = [];
  if (!values['no-results']) {
    const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
    const files = await listRunFiles(repo);
    const reader = createObjectReader(repo.gitdir);
    try {
      for (const file of files) {
        const blob = await readBlobWithFallback(repo, reader, file.oid);
        if (blob.length > MAX_RESULTS_FILE_BYTES) {
          problems.push({ file: file.path, line: 1, message: `Results file "${file.path}" is ${formatBytes(blob.length)}, over the limit of ${formatBytes(MAX_RESULTS_FILE_BYTES)}; the dashboard leaves it out` });
          continue;
        }
        const text = blob.toString('utf8');
        const lines = text.split('\n');
        let runs = 0;
        let measurements = 0;
        lines.forEach((line, i) => {
          if (line.trim() === '') return;
          try {
            if (parseRecordLine(line, { file: file.path, line: i + 1 }).kind === 'run') runs++;
            else measurements++;
          } catch (error) {
            if (!isPitwallError(error)) throw error;
            problems.push({ file: file.path, line: i + 1, message: error.message });
          }
        });
        if (runs !== 1) problems.push({ file: file.path, line: 1, message: `Results file "${file.path}" holds ${runs} run records; it must hold exactly one` });
        if (measurements > MAX_MEASUREMENTS_PER_RUN) {
          problems.push({ file: file.path, line: 1, message: `Results file "${file.path}" holds ${measurements.toLocaleString('en-US')} measurements, over the limit of ${MAX_MEASUREMENTS_PER_RUN.toLocaleString('en-US')} per run; the dashboard leaves it out` });
        }
      }
    } finally {
      reader.close();
    }
    say(`results branch "${config.branch}": ${files.length} run files checked, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    const inputs = await readSiteInputs(repo, ctx.cwd, config);
    for (const p of inputs.problems) {
      problems.push({ file: p.file, line: p.line, ...(p.column === undefined ? {} : { column: p.column }), message: `${p.message}; ${p.hint}` });
    }
    const count = inputs.problems.length;
    say(`notes and triage: ${inputs.counts.notes} note${inputs.counts.notes === 1 ? '' : 's'} and ${inputs.counts.triage} triage file${inputs.counts.triage === 1 ? '' : 's'} checked, ${count} problem${count === 1 ? '' : 's'}`);
  }
  if (values.json) ctx.stdout.write(`${JSON.stringify({ problems }, null, 2)}\n`);
  else for (const p of problems) ctx.stdout.write(`${p.file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}: ${p.message}\n`);
  return problems.length === 0 ? 0 : 2;
}

export const command: Command = { help, run };
