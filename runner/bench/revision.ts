/**
 * Revisions of the repository under test, read with isomorphic-git only (no
 * `git` binary needed, nothing in the repository changes).
 */
import fs from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';
import { UsageError } from '../../results/errors.ts';
import type { CommitInfo } from '../../results/schema.ts';

/** A repository: its working tree `dir`, or its `gitdir` (for bare repositories), or both. */
export interface GitRepo {
  dir?: string;
  gitdir?: string;
}

/** A working-tree path, or a GitRepo. */
export type RepoLocation = string | GitRepo;

const NAVIGATION = /^(.*?)((?:[~^]\d*)*)$/;
const HEX = /^[0-9a-f]{4,40}$/i;

/**
 * Resolves a branch, tag (annotated tags are peeled), full or abbreviated commit
 * hash, optionally followed by `~N` / `^N` steps, to a full commit id.
 * Throws UsageError UNKNOWN_REVISION, AMBIGUOUS_REVISION, REVISION_NOT_A_COMMIT or NOT_A_GIT_REPOSITORY.
 */
export async function resolveCommit(location: RepoLocation, rev: string, cache: object = {}): Promise<string> {
  const repo = await openRepo(location);
  const [, base = rev, steps = ''] = NAVIGATION.exec(rev) ?? [];
  let oid = await peelToCommit(repo, rev, await resolveBase(repo, base, rev, cache), cache);
  for (const step of steps.match(/[~^]\d*/g) ?? []) {
    const count = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step.startsWith('^')) {
      if (count === 0) continue;
      oid = await readParent(repo, rev, oid, count - 1, cache);
    } else {
      for (let i = 0; i < count; i++) oid = await readParent(repo, rev, oid, 0, cache);
    }
  }
  return oid;
}

/** What the results keep about a commit, so the site needs no access to the code's history. */
export async function readCommitInfo(location: RepoLocation, oid: string, cache: object = {}): Promise<CommitInfo> {
  const repo = await openRepo(location);
  const { commit } = await git.readCommit({ fs, ...repo, oid, cache });
  return {
    subject: (commit.message.split('\n')[0] ?? '').trim(),
    author: `${commit.author.name} <${commit.author.email}>`,
    time: new Date(commit.committer.timestamp * 1000).toISOString(),
    parents: commit.parent,
  };
}

/** Checks that the location is a repository and returns it in the shape isomorphic-git takes. */
export async function openRepo(location: RepoLocation): Promise<GitRepo> {
  const repo = typeof location === 'string' ? { dir: location } : location;
  const gitdir = repo.gitdir ?? (repo.dir === undefined ? undefined : path.join(repo.dir, '.git'));
  const exists = gitdir !== undefined && (await stat(gitdir).then(() => true, () => false));
  if (!exists) {
    throw new UsageError('NOT_A_GIT_REPOSITORY', `Not a git repository: "${repo.dir ?? repo.gitdir ?? ''}" has no ${repo.gitdir === undefined ? '".git"' : 'git directory'}`, {
      hint: 'Run pitwall inside the repository under test, or pass its path',
    });
  }
  return repo;
}

async function resolveBase(repo: GitRepo, base: string, rev: string, cache: object): Promise<string> {
  try {
    return await git.resolveRef({ fs, ...repo, ref: base });
  } catch (error) {
    if (!isGitError(error, 'NotFoundError')) throw error;
  }
  if (HEX.test(base)) {
    try {
      return await git.expandOid({ fs, ...repo, oid: base.toLowerCase(), cache });
    } catch (error) {
      if (isGitError(error, 'AmbiguousError')) {
        throw new UsageError('AMBIGUOUS_REVISION', `Revision "${rev}" matches more than one object`, { hint: 'Give more digits of the commit hash', cause: error });
      }
      if (!isGitError(error, 'NotFoundError')) throw error;
    }
  }
  throw unknownRevision(rev);
}

async function peelToCommit(repo: GitRepo, rev: string, oid: string, cache: object): Promise<string> {
  for (;;) {
    let object;
    try {
      object = await git.readObject({ fs, ...repo, oid, format: 'parsed', cache });
    } catch (error) {
      if (isGitError(error, 'NotFoundError')) throw unknownRevision(rev);
      throw error;
    }
    if (object.type === 'commit') return oid;
    if (object.type !== 'tag') {
      throw new UsageError('REVISION_NOT_A_COMMIT', `Revision "${rev}" is a ${object.type}, not a commit`, { hint: 'Give a branch, tag or commit hash' });
    }
    oid = (await git.readTag({ fs, ...repo, oid, cache })).tag.object;
  }
}

async function readParent(repo: GitRepo, rev: string, oid: string, index: number, cache: object): Promise<string> {
  const { commit } = await git.readCommit({ fs, ...repo, oid, cache });
  const parent = commit.parent[index];
  if (parent === undefined) throw unknownRevision(rev);
  return parent;
}

function unknownRevision(rev: string): UsageError {
  return new UsageError('UNKNOWN_REVISION', `Unknown revision "${rev}"`, {
    hint: 'Give a branch, a tag or a commit hash (at least 4 digits) that exists in the repository; run "git fetch" if it is only on a remote',
  });
}

function isGitError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}
