/** Reading and moving branch tips. Callers that move a tip hold the store lock. */
import git from 'isomorphic-git';
import type { ResultsRepo } from './repo.ts';

/** The commit a ref points to, or null when the ref does not exist. */
export async function readTip(repo: ResultsRepo, ref: string = repo.ref): Promise<string | null> {
  try {
    return await git.resolveRef({ fs: repo.fs, gitdir: repo.gitdir, ref });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NotFoundError') return null;
    throw error;
  }
}

/** Points `ref` at `oid`. The write is atomic (see atomic-fs.ts); it is not compare-and-swap. */
export async function writeTip(repo: ResultsRepo, oid: string, ref: string = repo.ref): Promise<void> {
  await git.writeRef({ fs: repo.fs, gitdir: repo.gitdir, ref, value: oid, force: true });
}
