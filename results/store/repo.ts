/**
 * Finding the git directory that holds the results branch.
 *
 * The store works on objects and refs only, so it needs the git directory, never
 * the working tree. In a linked worktree (or any checkout whose `.git` is a file)
 * the branch lives in the common git directory shared by every worktree.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { PromiseFsClient } from 'isomorphic-git';
import { PitwallError, UsageError } from '../errors.ts';
import { createStoreFs } from './atomic-fs.ts';

export const DEFAULT_RESULTS_BRANCH = 'results';

/** An open results repository. Pass it to every store function; it carries the shared cache. */
export interface ResultsRepo {
  /** File system client for isomorphic-git (atomic writes inside the git directory). */
  fs: PromiseFsClient;
  /** The (common) git directory: objects, refs and config. */
  gitdir: string;
  /** Short branch name, `results` unless configured. */
  branch: string;
  /** `refs/heads/<branch>`. */
  ref: string;
  /**
   * The one cache object passed to every isomorphic-git call on this repository.
   * Reading a packed repository without it is about 20 times slower.
   */
  cache: object;
}

export interface OpenResultsRepoOptions {
  /** Any folder inside the repository (or the git directory of a bare one). */
  dir: string;
  branch?: string;
}

export async function openResultsRepo(options: OpenResultsRepoOptions): Promise<ResultsRepo> {
  const branch = options.branch ?? DEFAULT_RESULTS_BRANCH;
  validateBranchName(branch);
  const gitdir = await findGitDir(path.resolve(options.dir));
  return { fs: createStoreFs(gitdir), gitdir, branch, ref: `refs/heads/${branch}`, cache: {} };
}

/** Walks up from `start` to the first folder with a `.git` (folder or file), or that is a bare git directory. */
export async function findGitDir(start: string): Promise<string> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = await statOrNull(dotGit);
    if (stat?.isDirectory()) return dotGit;
    if (stat?.isFile()) return await followGitFile(dotGit);
    if (await isGitDir(dir)) return dir;
    if (path.dirname(dir) === dir) break;
  }
  throw new UsageError('NOT_A_GIT_REPOSITORY', `Cannot find a git repository at "${start}" or any folder above it`, {
    hint: 'Run pitwall inside a git repository, or create one with "git init"',
  });
}

/** A `.git` file says `gitdir: <path>`; a linked worktree's git directory also names the common one. */
async function followGitFile(file: string): Promise<string> {
  const text = await fsp.readFile(file, 'utf8');
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (match?.[1] === undefined) {
    throw new PitwallError('NOT_A_GIT_REPOSITORY', `Cannot read "${file}": it does not start with "gitdir: <path>"`, {
      hint: 'Repair the worktree with "git worktree repair", or remove the stray .git file',
    });
  }
  const gitdir = path.resolve(path.dirname(file), match[1]);
  const commondir = await readOrNull(path.join(gitdir, 'commondir'));
  const resolved = commondir === null ? gitdir : path.resolve(gitdir, commondir.trim());
  if (!(await isGitDir(resolved))) {
    throw new PitwallError('NOT_A_GIT_REPOSITORY', `Cannot use "${resolved}" named by "${file}": it is not a git directory`, {
      hint: 'Repair the worktree with "git worktree repair", or remove the stray .git file',
    });
  }
  return resolved;
}

async function isGitDir(dir: string): Promise<boolean> {
  const [head, objects, refs] = await Promise.all([
    statOrNull(path.join(dir, 'HEAD')),
    statOrNull(path.join(dir, 'objects')),
    statOrNull(path.join(dir, 'refs')),
  ]);
  return head?.isFile() === true && objects?.isDirectory() === true && refs?.isDirectory() === true;
}

function validateBranchName(branch: string): void {
  const bad = branch === '' || branch.startsWith('-') || branch.startsWith('/') || branch.endsWith('/') ||
    branch.endsWith('.lock') || /\.\.|\/\/|@\{|[\s~^:?*[\\\x00-\x1f\x7f]/.test(branch) ||
    branch.split('/').some((part) => part.startsWith('.'));
  if (bad) {
    throw new UsageError('INVALID_BRANCH_NAME', `Invalid results branch name "${branch}"`, {
      hint: 'Use a plain git branch name such as "results" or "bench/results"',
    });
  }
}

async function statOrNull(file: string): Promise<import('node:fs').Stats | null> {
  try {
    return await fsp.stat(file);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
