/**
 * Every history format `pitwall import` reads, by the name `--format` takes.
 * Adding one is one file plus one entry here.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { UsageError } from '../../results/errors.ts';
import { asv } from './asv.ts';
import { gab } from './gab.ts';
import type { ImportFormat, SourceProbe } from './imported-run.ts';

export type { ImportFormat, ImportedRun, ImportedMeasurement, SourceRead, ReadSourceOptions, SkippedRun, InvalidValue } from './imported-run.ts';

export const importFormats = {
  gab,
  asv,
} satisfies Record<string, ImportFormat>;

export type ImportFormatName = keyof typeof importFormats;

export const IMPORT_FORMAT_NAMES = Object.keys(importFormats) as ImportFormatName[];

const HEAD_BYTES = 4096;

async function probeSource(path: string): Promise<SourceProbe> {
  const stats = await stat(path).catch(() => null);
  if (stats === null) {
    throw new UsageError('IMPORT_SOURCE_NOT_FOUND', `Cannot find "${path}" to import`, {
      hint: `Pass ${IMPORT_FORMAT_NAMES.map((name) => importFormats[name].expected).join(', or ')}`,
    });
  }
  if (stats.isDirectory()) return { path, isDirectory: true, head: '', names: await readdir(path) };
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return { path, isDirectory: false, head: buffer.toString('utf8', 0, bytesRead), names: [] };
  } finally {
    await handle.close();
  }
}

/**
 * The format to read `path` with: the one named, or for `auto` the first that
 * recognises it. UsageError IMPORT_UNKNOWN_FORMAT, IMPORT_FORMAT_NOT_DETECTED
 * (saying what each format expects) or IMPORT_SOURCE_NOT_FOUND otherwise.
 */
export async function resolveImportFormat(path: string, format: string): Promise<{ name: ImportFormatName; format: ImportFormat }> {
  if (format !== 'auto' && !Object.hasOwn(importFormats, format)) {
    throw new UsageError('IMPORT_UNKNOWN_FORMAT', `Unknown history format "${format}"`, {
      hint: `Use one of: ${IMPORT_FORMAT_NAMES.join(', ')}, or "auto" to detect it`,
    });
  }
  const probe = await probeSource(path);
  const candidates = format === 'auto' ? IMPORT_FORMAT_NAMES : [format as ImportFormatName];
  // A format the user named reads the source itself, so its errors point into the file.
  const fits = (candidate: ImportFormatName): boolean => format === 'auto'
    ? importFormats[candidate].detect(probe)
    : (importFormats[candidate].kind === 'directory') === probe.isDirectory;
  const name = candidates.find(fits);
  if (name === undefined) {
    const expected = candidates.map((candidate) => `${importFormats[candidate].expected} (${candidate})`).join(', or ');
    throw new UsageError('IMPORT_FORMAT_NOT_DETECTED', `Cannot import "${path}": it is not ${expected}`, {
      hint: format === 'auto' ? 'Point at the history file or folder itself; pass --format to name the tool' : 'Check the path, or pass --format auto to detect the tool',
    });
  }
  return { name, format: importFormats[name] };
}
