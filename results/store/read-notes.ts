/** Reads the small text folders of the results branch: notes/ and triage/. */
import git from 'isomorphic-git';
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
  let entries;
  try {
    ({ tree: entries } = await git.readTree({ fs: repo.fs, gitdir: repo.gitdir, oid: tip, filepath: folder, cache: repo.cache }));
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return []; // the folder does not exist
    throw error;
  }
  const files: BranchTextFile[] = [];
  for (const entry of entries) {
    if (entry.type !== 'blob' || !extensions.some((e) => entry.path.endsWith(e))) continue;
    const { blob } = await git.readBlob({ fs: repo.fs, gitdir: repo.gitdir, oid: entry.oid, cache: repo.cache });
    files.push({ name: entry.path, path: `${folder}/${entry.path}`, text: new TextDecoder().decode(blob) });
  }
  return files;
}

export function readNoteFiles(repo: ResultsRepo): Promise<BranchTextFile[]> {
  return readFolder(repo, NOTES_DIR, ['.mdx', '.md']);
}

export function readTriageFiles(repo: ResultsRepo): Promise<BranchTextFile[]> {
  return readFolder(repo, TRIAGE_DIR, ['.yaml', '.yml']);
}
