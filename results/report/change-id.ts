/**
 * A change point's permanent name: `<machine>/<suite>/<metric>@<commit>`, the
 * series and the first commit after the change (12 hex digits). Commands take
 * it with any unambiguous prefix of at least 4 digits after the "@".
 */
import type { ChangeView } from './model.ts';

export function formatChangeId(change: Pick<ChangeView, 'seriesId' | 'commit'>): string {
  return `${change.seriesId}@${change.commit.slice(0, 12)}`;
}

/** Splits an id at its last "@"; null when it has none or the commit part is not hex. */
export function parseChangeId(text: string): { seriesId: string; commitPrefix: string } | null {
  const at = text.lastIndexOf('@');
  if (at <= 0) return null;
  const commitPrefix = text.slice(at + 1).toLowerCase();
  if (!/^[0-9a-f]{4,40}$/.test(commitPrefix)) return null;
  return { seriesId: text.slice(0, at), commitPrefix };
}

/** The changes an id names (one, or several when the commit prefix is ambiguous). */
export function findChanges<T extends Pick<ChangeView, 'seriesId' | 'commit'>>(changes: readonly T[], id: string): T[] {
  const parsed = parseChangeId(id);
  if (parsed === null) return [];
  return changes.filter((c) => c.seriesId === parsed.seriesId && c.commit.startsWith(parsed.commitPrefix));
}
