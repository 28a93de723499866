/**
 * Change points drawn as steps: the median before each change and after it
 * as horizontal segments, joined by a jump half-way between the last commit
 * before the change and the first after it, and a label on each jump.
 */
import type { ChangeView } from '../../results/report/model.ts';
import { formatPct } from '../lib/format.ts';

export interface StepPoint {
  x: number;
  y: number;
}

export interface StepLabel {
  x: number;
  y: number;
  text: string;
  kind: ChangeView['kind'];
  status: ChangeView['status'];
  triaged: boolean;
}

export interface ChangeSteps {
  path: StepPoint[];
  labels: StepLabel[];
}

export function describeChange(change: ChangeView): string {
  const triage = change.triage === null ? '' : ` · ${change.triage.state}`;
  return `${formatPct(change.changePct)} ${change.status}${triage}`;
}

/**
 * `xOf` maps a commit sha to its x (commit index), null when unknown. The
 * path spans [firstX, lastX]; with no change it is empty (the noise band
 * already shows the level).
 */
export function buildChangeSteps(changes: readonly ChangeView[], xOf: (sha: string) => number | null, firstX: number, lastX: number): ChangeSteps {
  const placed = changes
    .map((change) => ({ change, x: xOf(change.commit), prev: change.previousCommit === null ? null : xOf(change.previousCommit) }))
    .filter((p): p is { change: ChangeView; x: number; prev: number | null } => p.x !== null)
    .sort((a, b) => a.x - b.x);
  if (placed.length === 0) return { path: [], labels: [] };
  const path: StepPoint[] = [{ x: firstX, y: (placed[0] as (typeof placed)[number]).change.beforeMedian }];
  const labels: StepLabel[] = [];
  for (const { change, x, prev } of placed) {
    const jump = prev === null ? x - 0.5 : (prev + x) / 2;
    path.push({ x: jump, y: change.beforeMedian }, { x: jump, y: change.afterMedian });
    labels.push({ x: jump, y: Math.max(change.beforeMedian, change.afterMedian), text: describeChange(change), kind: change.kind, status: change.status, triaged: change.triage !== null });
  }
  path.push({ x: lastX, y: (placed[placed.length - 1] as (typeof placed)[number]).change.afterMedian });
  return { path, labels };
}
