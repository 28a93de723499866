/**
 * Notes: MDX (or Markdown) files in PITWALL_NOTES_DIR with frontmatter
 * title, metrics, commits and date. Without the variable, or with an empty
 * folder, the collection is empty and the site builds without notes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { defineCollection } from 'astro/content/config';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { PitwallError } from '../results/errors.ts';

const NOTE_FILE = /\.(mdx|md)$/;

function notesFolder(): string | null {
  const dir = process.env['PITWALL_NOTES_DIR'];
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

const folder = notesFolder();

const notes = defineCollection({
  loader: folder === null ? () => [] : glob({ pattern: '**/*.{md,mdx}', base: folder, generateId: ({ entry }) => slugOfNote(entry) }),
  schema: z.object({
    title: z.string().optional(),
    metrics: z.array(z.string()).optional(),
    commits: z.array(z.coerce.string()).optional(),
    date: z.union([z.string(), z.date()]).optional(),
  }),
});

export const collections = { notes };
