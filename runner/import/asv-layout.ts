/**
 * Where an airspeed velocity project keeps its results: `asv.conf.json` names
 * `results_dir` (default `results`), which holds `benchmarks.json` and one
 * folder per machine of `<commit8>-<environment>.json` files plus `machine.json`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../results/errors.ts';
import { parseSourceJson, validateSourceJson } from './source-json.ts';

export const ASV_CONF = 'asv.conf.json';
export const ASV_BENCHMARKS = 'benchmarks.json';
const MACHINE_FILE = 'machine.json';

export interface AsvMachineFolder {
  name: string;
  /** Result files, in name order (which is commit order of nothing, but stable). */
  files: string[];
}

export interface AsvLayout {
  resultsDir: string;
  /** benchmarks.json, or null when the folder has none. */
  benchmarksFile: string | null;
  machines: AsvMachineFolder[];
}

const ConfSchema = z.object({ results_dir: z.string().optional() });

/**
 * asv reads its config as JSON with whole-line `//` comments (its quickstart
 * file is full of them); blank those lines so positions stay those of the file.
 */
function stripLineComments(text: string): string {
  return text.split('\n').map((line) => (line.trimStart().startsWith('//') ? ' '.repeat(line.length) : line)).join('\n');
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() === true;
}

/** The results folder of `dir`: an asv project (with asv.conf.json) or its results folder itself. */
async function findResultsDir(dir: string): Promise<string> {
  const conf = join(dir, ASV_CONF);
  if (!(await isFile(conf))) return dir;
  const parsed = validateSourceJson(ConfSchema, parseSourceJson(stripLineComments(await readFile(conf, 'utf8')), conf, 'the asv config'), conf, 'the asv config');
  const named = parsed.results_dir ?? 'results';
  const resultsDir = isAbsolute(named) ? named : join(dir, named);
  if (!(await stat(resultsDir).catch(() => null))?.isDirectory()) {
    throw new UsageError('IMPORT_SOURCE_NOT_FOUND', `Cannot find the asv results folder "${resultsDir}" named by "${conf}"`, {
      hint: 'Run "asv run" first, or copy the results folder beside asv.conf.json',
    });
  }
  return resultsDir;
}

export async function readAsvLayout(dir: string): Promise<AsvLayout> {
  const resultsDir = await findResultsDir(dir);
  const entries = await readdir(resultsDir, { withFileTypes: true });
  const machines: AsvMachineFolder[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const names = await readdir(join(resultsDir, entry.name));
    const files = names.filter((n) => n.endsWith('.json') && n !== MACHINE_FILE).sort().map((n) => join(resultsDir, entry.name, n));
    if (files.length > 0) machines.push({ name: entry.name, files });
  }
  const benchmarksFile = join(resultsDir, ASV_BENCHMARKS);
  return { resultsDir, benchmarksFile: (await isFile(benchmarksFile)) ? benchmarksFile : null, machines };
}

const BenchmarksSchema = z.record(z.string(), z.unknown());

/** The unit asv's benchmarks.json declares per benchmark (for track_* benchmarks, the only source of one). */
export async function readAsvUnits(file: string | null): Promise<Map<string, string>> {
  const units = new Map<string, string>();
  if (file === null) return units;
  const data = validateSourceJson(BenchmarksSchema, parseSourceJson(await readFile(file, 'utf8'), file, 'asv benchmarks'), file, 'asv benchmarks');
  for (const [name, info] of Object.entries(data)) {
    const unit = (info as { unit?: unknown } | null)?.unit;
    // "unit" is asv's placeholder for a track_* benchmark that declared none.
    if (typeof unit === 'string' && unit !== '' && unit !== 'unit') units.set(name, unit);
  }
  return units;
}
