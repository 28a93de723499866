/**
 * The record of what was announced, on the results branch:
 * `notifications/<target key>/<16 hex of sha256(change id)>.json`, one file per
 * change and target, written only after the post succeeded. Results files are
 * never overwritten, so the record is also what stops a second announcement.
 */
import { createHash } from 'node:crypto';
import git from 'isomorphic-git';
import { readTip } from '../../results/store/refs.ts';
import { readTextAt } from '../../results/store/read-runs.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { writeRun } from '../../results/store/write-run.ts';
import type { Announcement } from './announcement.ts';

export const NOTIFICATIONS_DIR = 'notifications';

export function announcedPath(targetKey: string, changeId: string): string {
  return `${NOTIFICATIONS_DIR}/${targetKey}/${createHash('sha256').update(changeId).digest('hex').slice(0, 16)}.json`;
}

export async function wasAnnounced(repo: ResultsRepo, targetKey: string, changeId: string): Promise<boolean> {
  return (await readTextAt(repo, announcedPath(targetKey, changeId))) !== null;
}

/** What a notification file holds (older files may lack series and previousCommit). */
export interface AnnouncedRecord {
  change: string;
  series?: string;
  commit: string;
  previousCommit?: string | null;
  /** The GitHub issue opened for it (GitHub targets only). */
  issue?: number;
}

/** Every record of one target. */
export async function readAnnounced(repo: ResultsRepo, targetKey: string): Promise<AnnouncedRecord[]> {
  const tip = await readTip(repo);
  if (tip === null) return [];
  let entries;
  try {
    ({ tree: entries } = await git.readTree({ fs: repo.fs, gitdir: repo.gitdir, oid: tip, filepath: `${NOTIFICATIONS_DIR}/${targetKey}`, cache: repo.cache }));
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return [];
    throw error;
  }
  const records: AnnouncedRecord[] = [];
  for (const entry of entries) {
    if (entry.type !== 'blob' || !entry.path.endsWith('.json')) continue;
    const { blob } = await git.readBlob({ fs: repo.fs, gitdir: repo.gitdir, oid: entry.oid, cache: repo.cache });
    try {
      records.push(JSON.parse(new TextDecoder().decode(blob)) as AnnouncedRecord);
    } catch {
      // A damaged record only costs its deduplication by range; its own path still blocks a repeat.
    }
  }
  return records;
}

/**
 * An earlier announcement of the same change under another id: bisection
 * moves a change from the first measured commit after it to its culprit, which
 * lies between the commits the earlier record names. `age` maps main's commits
 * to their distance from the head.
 */
export function findEarlierAnnouncement(records: readonly AnnouncedRecord[], a: Announcement, age: ReadonlyMap<string, number>): AnnouncedRecord | undefined {
  const at = age.get(a.commit);
  if (at === undefined) return undefined;
  return records.find((r) => {
    if (r.series !== a.series || r.change === a.id || r.previousCommit === null || r.previousCommit === undefined) return false;
    const newest = age.get(r.commit);
    const oldest = age.get(r.previousCommit);
    return newest !== undefined && oldest !== undefined && newest <= at && at < oldest;
  });
}

/** The caller holds the repository lock. */
export async function recordAnnounced(repo: ResultsRepo, targetKey: string, a: Announcement, how: 'posted' | 'marked' | 'updated', now: Date, issue?: number): Promise<void> {
  const record = {
    schema: 1, kind: 'notification', change: a.id, series: a.series, target: targetKey, how, time: now.toISOString(),
    commit: a.commit, previousCommit: a.previousCommit, changePct: a.changePct, ...(issue === undefined ? {} : { issue }),
  };
  await writeRun(repo, {
    files: [{ path: announcedPath(targetKey, a.id), content: `${JSON.stringify(record)}\n` }],
    message: `notify ${targetKey}: ${a.id} ${how}`,
    time: now,
  }, { locked: true });
}
