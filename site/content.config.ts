/**
 * Notes: MDX (or Markdown) files in PITWALL_NOTES_DIR with frontmatter
 * title, metrics, commits and date. Without the variable, or with an empty
 * folder, the collection is empty and the site builds without notes.
 */
import { defineCollection } from 'astro/content/config';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { findNotesFolder, slugOfNote } from './lib/notes-folder.ts';

const folder = findNotesFolder();

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
