/**
 * `pitwall detect <file>`: the change-point detector of the dashboard run on
 * a plain series from a CSV or JSON file, for trying it on any history.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs } from '../args.ts';
import { formatTable } from '../format-table.ts';
import { UsageError } from '../../results/errors.ts';
import type { Direction } from '../../results/schema.ts';
import { detectChangePoints, type ChangePoint } from '../../results/analysis/change-points.ts';
import { estimateNoise, type Noise } from '../../results/analysis/noise.ts';

const help = `Usage: pitwall detect <file> [options]

Finds where a series of measurements changed level and by how much, with the
same detector as the dashboard. The file holds the values in order, oldest
first, as:
  CSV   one number per line, or a header line with a "value" column
  JSON  an array of numbers, or of objects with a numeric "value"

Options:
  --direction <d>    lower (lower is better), higher, or none (default): names
                     changes regressions or improvements
  --threshold <t>    Smallest change that counts, e.g. 2% or 0.02
                     (default by --unit: 1 %, 0.2 % for instructions, 0.1 % for bytes)
  --unit <unit>      Unit of the values, for the default threshold (e.g. ms, B, instructions)
  --confirm-after <n>  Points after a change before it is confirmed (default 5)
  --json             Print {"changePoints": [...], "noise": {...}}; "index" is the
                     0-based position of the first point after the change
  -h, --help         Show this help

A series whose values repeat exactly (sizes, counts, lines of code) has no
noise: every move of at least the threshold is a change at its commit,
confirmed once the new value repeats.

Examples:
  pitwall detect timings.csv --direction lower --threshold 2%
  pitwall detect binary-size.json --unit B --direction lower
`;

const DIRECTIONS: Record<string, Direction> = { lower: -1, higher: 1, none: 0 };

function usage(file: string, line: number, what: string, hint: string): UsageError {
  return new UsageError('DETECT_INVALID_FILE', `Cannot read series file "${file}:${line}": ${what}`, { hint });
}

function parseNumber(cell: string): number | null {
  const text = cell.trim();
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

const CSV_HINT = 'Write one number per line, or a header line naming a "value" column followed by one row per point';

/** CSV: bare numbers, or a header with a "value" column. Blank lines and lines starting with # are skipped. */
export function parseSeriesCsv(text: string, file: string): number[] {
  const lines = text.split(/\r?\n/);
  const values: number[] = [];
  let column = -1;
  let sawHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells = line.split(',');
    if (!sawHeader && values.length === 0 && cells.some((c) => parseNumber(c) === null)) {
      column = cells.findIndex((c) => c.trim().replace(/^"|"$/g, '').toLowerCase() === 'value');
      if (column < 0) throw usage(file, i + 1, `the header ${JSON.stringify(line.trim())} has no "value" column`, CSV_HINT);
      sawHeader = true;
      continue;
    }
    if (!sawHeader && cells.length > 1) throw usage(file, i + 1, `${cells.length} columns and no header saying which holds the value`, CSV_HINT);
    const cell = cells[sawHeader ? column : 0] ?? '';
    const value = parseNumber(cell);
    if (value === null) throw usage(file, i + 1, `${JSON.stringify(cell.trim())} is not a finite number`, CSV_HINT);
    values.push(value);
  }
  return values;
}

/** Line of each top-level array element's start, for messages about JSON files. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (expectElement && ch !== undefined && !/\s/.test(ch) && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1 && ch === '[') expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

const JSON_HINT = 'Write an array of numbers, e.g. [101.2, 99.8, 100.4], or of objects with a numeric "value", e.g. [{"value": 101.2}]';

/** JSON: an array of numbers, or of objects with a numeric "value". */
export function parseSeriesJson(text: string, file: string): number[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const line = /line (\d+)/.exec(message)?.[1];
    throw usage(file, line === undefined ? 1 : Number(line), `not valid JSON (${message})`, JSON_HINT);
  }
  if (!Array.isArray(data)) throw usage(file, 1, 'the top level is not an array', JSON_HINT);
  const lines = elementLines(text);
  return data.map((item: unknown, i) => {
    const value = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>)['value'] : item;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw usage(file, lines[i] ?? 1, `element ${i} (${JSON.stringify(item)?.slice(0, 60)}) has no finite number value`, JSON_HINT);
    }
    return value;
  });
}

export function parseThreshold(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const value = match === null ? Number.NaN : Number(match[1]) / (match[2] === '%' ? 100 : 1);
  if (!(value >= 0 && value < 10)) {
    throw new UsageError('USAGE', `pitwall detect: --threshold must be a relative change like 2% or 0.02, got "${text}"`, {
      hint: 'Write for example --threshold 2% (or 0.02)',
    });
  }
  return value;
}

function formatValue(v: number): string {
  // Counts and sizes as they are: 1851392, not 1851390.
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function formatPct(v: number | null): string {
  return v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
}

/** The first line: how noisy the series is, and what that figure rests on. */
function describeNoise(points: number, noise: Noise): string {
  const scale = noise.scale === 'log' ? '' : ', raw scale (some values ≤ 0)';
  const floor = `${(noise.floor * 100).toFixed(2)} %`;
  if (noise.basis === 'exact') return `${points} points, deterministic (the values repeat exactly): every move of at least the ${floor} floor is a change${scale}`;
  const basis =
    noise.basis === 'non-zero differences'
      ? ' (from the commits whose value moved: most repeat exactly)'
      : noise.basis === 'too few changes'
        ? ' (a rough figure: too few values move to measure it)'
        : '';
  const bimodal = noise.bimodal ? ', bimodal (values alternate between two levels; changes judged on ranks)' : '';
  return `${points} points, noise σ ${(noise.sigma * 100).toFixed(2)} %${basis}, threshold ${(noise.threshold * 100).toFixed(2)} % between two points (floor ${floor})${bimodal}${scale}`;
}

function formatRow(c: ChangePoint): string[] {
  const ci = c.ci === null ? '' : ` [${formatPct(c.ci[0])}, ${formatPct(c.ci[1])}]`;
  return [
    String(c.index),
    `${c.index - 1} → ${c.index}`,
    `${formatValue(c.before)} → ${formatValue(c.after)}`,
    `${formatPct(c.changePct)} %${ci}`,
    c.pValue === 0 ? '0' : c.pValue < 1e-4 ? c.pValue.toExponential(1) : c.pValue.toFixed(4),
    c.sizeInNoise === null ? 'exact' : `${c.sizeInNoise.toFixed(1)}σ`,
    c.status,
    c.kind,
  ];
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'detect',
    ctx.argv,
    {
      direction: { type: 'string', default: 'none' },
      threshold: { type: 'string' },
      unit: { type: 'string' },
      'confirm-after': { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
    { positionals: 1 },
  );
  const file = positionals[0];
  if (file === undefined) throw new UsageError('USAGE', 'pitwall detect: no file given', { hint: 'Run "pitwall detect <file.csv|file.json>"' });
  const direction = DIRECTIONS[values.direction];
  if (direction === undefined) {
    throw new UsageError('USAGE', `pitwall detect: --direction must be lower, higher or none, got "${values.direction}"`, { hint: 'Write --direction lower when lower values are better' });
  }
  const confirmAfter = Number(values['confirm-after']);
  if (!Number.isInteger(confirmAfter) || confirmAfter < 1) {
    throw new UsageError('USAGE', `pitwall detect: --confirm-after must be a whole number ≥ 1, got "${values['confirm-after']}"`, { hint: 'Write for example --confirm-after 5' });
  }
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new UsageError('DETECT_FILE_UNREADABLE', `Cannot read series file "${file}": ${why}`, {
      hint: 'Check the path; it is relative to the current directory',
      cause,
    });
  }
  const isJson = /\.json$/i.test(file) || /^\s*[[{]/.test(text);
  const series = isJson ? parseSeriesJson(text, file) : parseSeriesCsv(text, file);
  const unit = values.unit ?? null;
  const floor = values.threshold === undefined ? null : parseThreshold(values.threshold);
  const noise = estimateNoise(series, { unit, floor });
  const changePoints = detectChangePoints(series, { noise, direction, confirmAfter });
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ points: series.length, noise, changePoints }, null, 2)}\n`);
    return 0;
  }
  ctx.stdout.write(`${describeNoise(series.length, noise)}\n`);
  if (changePoints.length === 0) {
    ctx.stdout.write('No change found.\n');
    return 0;
  }
  ctx.stdout.write('\n');
  const level = `${Number(((changePoints[0] as ChangePoint).ciLevel * 100).toFixed(2))} %`;
  ctx.stdout.write(formatTable(['index', 'points', 'before → after', `change % [${level} CI]`, 'p', 'size', 'status', 'kind'], changePoints.map(formatRow)));
  return 0;
}

export const command: Command = {
  help,
  run,
};
