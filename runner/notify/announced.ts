/**
 * The record of what was announced, on the results branch:
 * `notifications/<target key>/<16 hex of sha256(change id)>.json`, one file per
 * change and target, written only after the post succeeded. Results files are
 * never overwritten, so the record is also what stops a second announcement.
 */
import { createHash } from 'node:crypto';
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

/** The caller holds the repository lock. */
export async function recordAnnounced(repo: ResultsRepo, targetKey: string, a: Announcement, how: 'posted' | 'marked', now: Date): Promise<void> {
  const record = { schema: 1, kind: 'notification', change: a.id, target: targetKey, how, time: now.toISOString(), commit: a.commit, changePct: a.changePct };
  await writeRun(repo, {
    files: [{ path: announcedPath(targetKey, a.id), content: `${JSON.stringify(record)}\n` }],
    message: `notify ${targetKey}: ${a.id} ${how}`,
    time: now,
  }, { locked: true });
}
