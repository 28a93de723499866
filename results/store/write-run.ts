/**
 * Committing a run's files onto the results branch without touching the working
 * tree, the index or HEAD: blobs, trees and a commit are written as objects, then
 * the branch ref is moved under the store lock.
 */
import git from 'isomorphic-git';
import { PitwallError } from '../errors.ts';
import { readTip, writeTip } from './refs.ts';
import { withRepoLock, type RepoLockOptions } from './repo-lock.ts';
import type { ResultsRepo } from './repo.ts';
import { readCommitTree, type BranchFile } from './tree-cache.ts';
import { addFilesToTree, validateBranchPath } from './tree-edit.ts';

export interface RunFile {
  /** Path on the branch, e.g. from runPaths(). */
  path: string;
  content: string | Uint8Array;
}

export interface CommitIdentity {
  name: string;
  email: string;
}

export interface WriteRunData {
  files: readonly RunFile[];
  message: string;
  /** Defaults to `pitwall <pitwall@localhost>`. */
  author?: CommitIdentity;
  /** Commit time; defaults to now. */
  time?: Date;
}

/** Pass `lock` when the caller holds the repository lock already (a whole `pitwall run` does). */
export type WriteRunOptions = RepoLockOptions;

export const DEFAULT_AUTHOR: CommitIdentity = { name: 'pitwall', email: 'pitwall@localhost' };

/**
 * Adds `files` on top of the branch tip (creating the branch as a root commit the
 * first time) and returns the new commit. Throws RESULTS_PATH_EXISTS if any path
 * exists already: results files are never overwritten.
 */
export async function writeRun(repo: ResultsRepo, data: WriteRunData, options: WriteRunOptions = {}): Promise<{ commit: string }> {
  if (data.files.length === 0) {
    throw new PitwallError('RESULTS_NO_FILES', 'Cannot write a run with no files', { hint: 'Pass the run file (and its log) to writeRun' });
  }
  for (const file of data.files) validateBranchPath(file.path);
  // Blobs do not depend on the tip: write them before taking the lock.
  const blobs: BranchFile[] = [];
  for (const file of data.files) {
    const blob = typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content;
    blobs.push({ path: file.path, oid: await git.writeBlob({ fs: repo.fs, gitdir: repo.gitdir, blob }) });
  }
  const author = data.author ?? DEFAULT_AUTHOR;
  const timestamp = Math.floor((data.time ?? new Date()).getTime() / 1000);
  const identity = { name: author.name, email: author.email, timestamp, timezoneOffset: 0 };
  const message = data.message.endsWith('\n') ? data.message : `${data.message}\n`;

  return await withRepoLock(repo, 'write run', options, async () => {
    const tip = await readTip(repo);
    const base = tip === null ? null : await readCommitTree(repo, tip);
    const { tree } = await addFilesToTree(repo, base, blobs, 'refuse');
    const commit = await git.writeCommit({
      fs: repo.fs,
      gitdir: repo.gitdir,
      commit: { message, tree, parent: tip === null ? [] : [tip], author: identity, committer: identity },
    });
    await writeTip(repo, commit);
    return { commit };
  });
}
