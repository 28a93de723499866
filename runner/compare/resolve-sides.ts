/**
 * Which two commits a comparison is about. The head defaults to HEAD; the base
 * defaults to the merge base of the head with the main branch, the commit the
 * pull request started from, so that what landed on main since then is not
 * counted against the pull request. Never "the newest stored result".
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import { UsageError } from '../../results/errors.ts';
import { resolveCommit } from '../bench/revision.ts';

export interface ResolvedSides {
  base: string;
  head: string;
  /** How the base was chosen: given with --base, or the merge base with this main branch ref. */
  baseFrom: { kind: 'given'; rev: string } | { kind: 'merge-base'; mainRef: string };
}

export interface ResolveSidesOptions {
  /** Working tree of the repository under test. */
  repoDir: string;
  base?: string | undefined;
  head?: string | undefined;
  mainBranch: string;
  cache: object;
}

/** The main branch as a local branch or as origin's, the latter being all a CI checkout usually has. */
async function resolveMainRef(repoDir: string, mainBranch: string): Promise<{ ref: string; oid: string }> {
  for (const ref of [`refs/heads/${mainBranch}`, `refs/remotes/origin/${mainBranch}`]) {
    try {
      return { ref, oid: await git.resolveRef({ fs, dir: repoDir, ref }) };
    } catch (error) {
      if ((error as { code?: string }).code !== 'NotFoundError') throw error;
    }
  }
  throw new UsageError('MAIN_BRANCH_NOT_FOUND', `Cannot find the main branch "${mainBranch}": neither refs/heads/${mainBranch} nor refs/remotes/origin/${mainBranch} exists`, {
    hint: `Fetch it ("git fetch origin ${mainBranch}"; in GitHub Actions use actions/checkout with fetch-depth: 0), set mainBranch in pitwall.yaml, or pass --base <rev>`,
  });
}

export async function resolveSides(options: ResolveSidesOptions): Promise<ResolvedSides> {
  const head = await resolveCommit(options.repoDir, options.head ?? 'HEAD', options.cache);
  if (options.base !== undefined) {
    const base = await resolveCommit(options.repoDir, options.base, options.cache);
    return { base, head, baseFrom: { kind: 'given', rev: options.base } };
  }
  const main = await resolveMainRef(options.repoDir, options.mainBranch);
  const bases = (await git.findMergeBase({ fs, dir: options.repoDir, oids: [head, main.oid], cache: options.cache })) as string[];
  const base = bases[0];
  if (base === undefined) {
    throw new UsageError('NO_MERGE_BASE', `Cannot find where ${head.slice(0, 7)} branched off ${main.ref}: they share no commit in this repository`, {
      hint: 'A shallow clone lacks the history: fetch it ("git fetch --unshallow", or fetch-depth: 0 in actions/checkout), or pass --base <rev>',
    });
  }
  if (base === head) {
    throw new UsageError('BASE_IS_HEAD', `Nothing to compare: ${head.slice(0, 7)} is on ${main.ref}, so it is its own merge base`, {
      hint: 'Pass the commit to compare with, for example --base HEAD~1',
    });
  }
  return { base, head, baseFrom: { kind: 'merge-base', mainRef: main.ref } };
}
