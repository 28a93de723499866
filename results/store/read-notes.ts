/** Reads the small text folders of the results branch: notes/ and triage/. */
import { readBlobDirect } from './direct-objects.ts';
import { findEntry, readCommitTree, readTreeEntries } from './tree-cache.ts';
import { NOTES_DIR, TRIAGE_DIR } from '../layout.ts';
import type { ResultsRepo } from './repo.ts';
import { readTip } from './refs.ts';

export interface BranchTextFile {
  name: string;
  path: string;
  text: string;
}

async function readFolder(repo: ResultsRepo, folder: string, extensions: readonly string[]): Promise<BranchTextFile[]> {
  const tip = await readTip(repo);
  if (tip === null) return []; // no results branch yet
  const dir = await findEntry(repo, await readCommitTree(repo, tip), folder);
  if (dir === null || dir.type !== 'tree') return []; // the folder does not exist
  const entries = await readTreeEntries(repo, dir.oid);
  const files: BranchTextFile[] = [];
  for (const entry of entries) {
    if (entry.type !== 'blob' || !extensions.some((e) => entry.path.endsWith(e))) continue;
    files.push({ name: entry.path, path: `${folder}/${entry.path}`, text: new TextDecoder().decode(await readBlobDirect(repo, entry.oid)) });
  }
  return files;
}

export function readNoteFiles(repo: ResultsRepo): Promise<BranchTextFile[]> {
  return readFolder(repo, NOTES_DIR, ['.mdx', '.md']);
}

export function readTriageFiles(repo: ResultsRepo): Promise<BranchTextFile[]> {
  return readFolder(repo, TRIAGE_DIR, ['.yaml', '.yml']);
}
