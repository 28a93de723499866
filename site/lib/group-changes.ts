/**
 * Changes grouped by the commit they start at, newest commit first, for the
 * regressions page: one commit often moves several metrics at once.
 */
import type { ChangeView, SiteCommit, SiteModel } from '../../results/report/model.ts';

export interface ChangeGroup {
  commit: string;
  info: SiteCommit | null;
  /** The commit before it on main, for "compare with parent". */
  parent: string | null;
  changes: ChangeView[];
  regressions: number;
  improvements: number;
}

/** At most `limit` groups; the changes within a group keep the model's order (largest first). */
export function groupChangesByCommit(model: SiteModel, limit: number): { groups: ChangeGroup[]; omitted: number } {
  const byCommit = new Map<string, ChangeView[]>();
  for (const change of model.changes) {
    const list = byCommit.get(change.commit);
    if (list === undefined) byCommit.set(change.commit, [change]);
    else list.push(change);
  }
  const commits = new Map(model.commits.map((c, i) => [c.sha, { c, i }] as const));
  const groups: ChangeGroup[] = [];
  for (const [commit, changes] of byCommit) {
    const found = commits.get(commit);
    const index = found?.c.index ?? null;
    const parent = index !== null && index > 0 ? (model.commits[(found?.i ?? 0) - 1]?.sha ?? null) : null;
    groups.push({
      commit,
      info: found?.c ?? null,
      parent,
      changes,
      regressions: changes.filter((c) => c.kind === 'regression').length,
      improvements: changes.filter((c) => c.kind === 'improvement').length,
    });
  }
  // model.changes is newest first already; Map keeps that order.
  return { groups: groups.slice(0, limit), omitted: Math.max(0, groups.length - limit) };
}
