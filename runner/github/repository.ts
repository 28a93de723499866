/** A GitHub repository named `owner/name`, as flags and GITHUB_REPOSITORY give it. */
import { UsageError } from '../../results/errors.ts';

export interface Repository {
  owner: string;
  name: string;
}

const PART = /^[A-Za-z0-9_.-]+$/;

/** Parses `owner/name`. Throws UsageError INVALID_REPOSITORY. */
export function parseRepository(text: string, source = '--repo'): Repository {
  const [owner = '', name = '', ...rest] = text.trim().split('/');
  if (rest.length > 0 || !PART.test(owner) || !PART.test(name)) {
    throw new UsageError('INVALID_REPOSITORY', `Invalid repository "${text}" in ${source}: expected "owner/name"`, {
      hint: 'Write the repository as on GitHub, for example --repo acme/parser',
    });
  }
  return { owner, name };
}

/** `/repos/{owner}/{name}` with both parts encoded. */
export function repositoryPath(repo: Repository): string {
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}

export function formatRepository(repo: Repository): string {
  return `${repo.owner}/${repo.name}`;
}
