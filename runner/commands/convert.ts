/**
 * `pitwall convert`: shows what pitwall reads from a benchmark harness's output,
 * as the bench-script contract's JSON Lines, so a suite's `format` can be
 * checked (and an output turned into contract lines) without running anything.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { UsageError } from '../../results/errors.ts';
import { ADAPTER_NAMES, adapters, getAdapter, resolveFormat, type BenchMeasurement } from '../adapters/index.ts';

function formatList(): string {
  const width = Math.max(...ADAPTER_NAMES.map((n) => n.length));
  return ADAPTER_NAMES.map((name) => {
    const { title, example } = adapters[name];
    return `  ${name.padEnd(width)}  ${title}\n  ${' '.repeat(width)}    e.g. ${example}`;
  }).join('\n');
}

const help = `Usage: pitwall convert [--format <name|auto>] <file>

Reads the output of a benchmark harness and prints the measurements pitwall
takes from it, one JSON object per line in the bench-script contract's format:
  {"metric":"BenchmarkParse/small","value":2.1e-7,"samples":[...],"unit":"s","direction":-1}
What it prints is what "pitwall run" records for a suite with that "format".
Units are normalised: durations in s, sizes in B, rates in ops/s or B/s;
direction -1 means lower is better, 1 higher is better.

Options:
  -f, --format <name>   The harness that wrote the file, or "auto" to detect it (default: auto)
  -h, --help            Show this help

Formats, each with a suite command that writes its output to "$2":
${formatList()}

Examples:
  pitwall convert bench-output.txt
  pitwall convert --format google-benchmark results.json

Exit codes: 0 read, 1 the output reports failed benchmarks (listed on stderr),
2 the output cannot be read as that format, or a usage error.
`;

/** One line of the bench-script contract, keys in the contract's order. */
export function formatMeasurementLine(m: BenchMeasurement): string {
  const ordered: Record<string, unknown> = { metric: m.metric };
  if (m.value !== undefined) ordered['value'] = m.value;
  if (m.samples !== undefined) ordered['samples'] = m.samples;
  if (m.unit !== undefined) ordered['unit'] = m.unit;
  if (m.direction !== undefined) ordered['direction'] = m.direction;
  return JSON.stringify(ordered);
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('convert', ctx.argv, {
    format: { type: 'string', short: 'f', default: 'auto' },
  }, { positionals: 1 });
  const file = positionals[0];
  if (file === undefined) {
    throw new UsageError('USAGE', 'pitwall convert: missing the file to read', { hint: 'Run "pitwall convert --help" for the usage and the formats' });
  }
  if (values.format !== 'auto') getAdapter(values.format);
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch (cause) {
    throw new UsageError('CONVERT_INPUT_UNREADABLE', `Cannot read "${file}": ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      hint: 'Pass the path of a file a benchmark harness wrote',
      cause,
    });
  }
  const format = resolveFormat(values.format, text, file);
  const { measurements, failures } = adapters[format].parse(text, file);
  for (const m of measurements) ctx.stdout.write(`${formatMeasurementLine(m)}\n`);
  progress(ctx.stderr, `read ${measurements.length} measurement${measurements.length === 1 ? '' : 's'} from "${file}" as ${format}`);
  for (const f of failures) progress(ctx.stderr, `benchmark failure at ${f.source}${f.line > 0 ? `:${f.line}` : ''}: ${f.message}`);
  return failures.length > 0 ? 1 : 0;
}

export const command: Command = {
  help,
  run,
};
