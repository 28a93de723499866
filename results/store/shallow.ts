/**
 * Shallow repositories. CI checkouts are usually shallow (`fetch-depth: 1`);
 * their `<gitdir>/shallow` file lists commits whose parents are absent, and
 * history walks must stop there as if they were roots.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ResultsRepo } from './repo.ts';

/** The commits listed as shallow boundaries; empty for a complete repository. */
export async function readShallowCommits(repo: ResultsRepo): Promise<Set<string>> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(repo.gitdir, 'shallow'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  return new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
}
