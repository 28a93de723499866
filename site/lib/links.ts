/**
 * Every link of the site goes through here, so that it works under a base
 * path (GitHub Pages serves a project at /<repo>/) and every value in a
 * query is encoded.
 */

/** Joins the base ("/" or "/parser/") and a path inside the site ("metric/"). */
export function withBase(base: string, path: string): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return `${root}${path.replace(/^\/+/, '')}`;
}

function query(params: Record<string, string | null | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

export function metricHref(base: string, id: string, extra: { highlight?: string | null; machines?: string | null } = {}): string {
  return withBase(base, `metric/${query({ id, machines: extra.machines, highlight: extra.highlight })}`);
}

export function compareHref(base: string, baseSha: string, headSha: string): string {
  return withBase(base, `compare/${query({ base: baseSha, head: headSha })}`);
}

export function commitHref(base: string, sha: string): string {
  return withBase(base, `commit/${query({ sha })}`);
}

export function runHref(base: string, id: string): string {
  return withBase(base, `runs/${query({ id })}`);
}

export function noteHref(base: string, slug: string): string {
  return withBase(base, `notes/${encodeURIComponent(slug)}/`);
}

/** The repository's page of a commit, or null when the repository address is unknown or not http(s). */
export function repoCommitUrl(repoUrl: string | null, sha: string): string | null {
  if (repoUrl === null || !/^https?:\/\/[^\s"'<>]+$/i.test(repoUrl)) return null;
  return `${repoUrl.replace(/\/+$/, '')}/commit/${encodeURIComponent(sha)}`;
}
