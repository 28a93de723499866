/**
 * Where the notes are: PITWALL_NOTES_DIR, when it is set and holds at least
 * one .md or .mdx file. Pages skip the notes collection otherwise, so a site
 * without notes builds without warnings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { PitwallError } from '../../results/errors.ts';

const NOTE_FILE = /\.(mdx|md)$/;

/** The folder, or null when there are no notes; throws SITE_NOTES_MISSING for a folder that does not exist. */
export function findNotesFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env['PITWALL_NOTES_DIR'];
  if (dir === undefined || dir === '') return null;
  if (!existsSync(dir)) {
    throw new PitwallError('SITE_NOTES_MISSING', `Cannot read notes: the folder "${dir}" (PITWALL_NOTES_DIR) does not exist`, {
      hint: 'Create the folder, or unset PITWALL_NOTES_DIR to build without notes',
    });
  }
  return readdirSync(dir, { recursive: true }).some((name) => NOTE_FILE.test(String(name))) ? dir : null;
}

/** The same slug as results/report/notes.ts gives, so that pages and chart markers agree. */
export function slugOfNote(entry: string): string {
  const name = entry.split('/').pop() ?? entry;
  return name.replace(NOTE_FILE, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}
