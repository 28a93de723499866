/**
 * One sentence that says why a series has its status, shown beside the badge
 * on the overview and on the metric page, so the two agree and a reader can
 * check the badge against the chart: "regressed 14 commits ago, +2.3 %
 * (confirmed)", "stable for 45 commits since the +2.3 % regression at
 * 1a2b3c4 (2026-11-02)".
 */
import type { ChangePoint } from '../analysis/change-points.ts';
import type { Noise } from '../analysis/noise.ts';
import type { SeriesStatus } from './model.ts';

export interface StatusFacts {
  status: SeriesStatus;
  /** Points in the series. */
  count: number;
  noise: Noise;
  /** The newest change point, with the commit it is at and whether triage settled it. */
  lastChange: { change: ChangePoint; commit: string; date: string; triage: 'acknowledged' | 'expected' | null } | null;
  /** Newest commits in which a change sets the status (analyzeSeries' `recent`). */
  recent: number;
  /** The newest run of the series' suite, when it did not end ok. */
  failedRun: { status: string; commit: string } | null;
}

function pct(value: number | null): string {
  if (value === null) return 'a change';
  const rounded = Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(1);
  return `${value >= 0 ? '+' : '−'}${rounded.replace('-', '')} %`;
}

function commitsAgo(pointsAfter: number): string {
  const ago = pointsAfter - 1;
  return ago === 0 ? 'at the newest commit' : `${ago} commit${ago === 1 ? '' : 's'} ago`;
}

function at(commit: string, date: string): string {
  return `${commit.slice(0, 7)}${date === '' ? '' : ` (${date.slice(0, 10)})`}`;
}

function describeChange(c: ChangePoint): string {
  return c.kind === 'change' ? `${pct(c.changePct)} change` : `${pct(c.changePct)} ${c.kind}`;
}

/** Since when the series has been quiet: "for 45 commits since the +2.3 % regression at 1a2b3c4 (2026-11-02)". */
function describeQuiet(facts: StatusFacts): string {
  const { noise, lastChange, count } = facts;
  if (lastChange === null) {
    if (noise.basis === 'exact') return `: the value has not moved by its ${(noise.floor * 100).toFixed(1)} % floor in ${count} commit${count === 1 ? '' : 's'}`;
    return `: no change in ${count} commit${count === 1 ? '' : 's'}`;
  }
  const since = lastChange.change.pointsAfter;
  return ` for ${since} commit${since === 1 ? '' : 's'} since the ${describeChange(lastChange.change)} at ${at(lastChange.commit, lastChange.date)}`;
}

const QUIET: ReadonlySet<SeriesStatus> = new Set(['stable', 'noisy', 'bimodal', 'failing']);

export function describeStatus(facts: StatusFacts): string {
  const { status, lastChange, noise } = facts;
  if (status === 'failing') return `failing: the newest run, on ${facts.failedRun?.commit.slice(0, 7) ?? 'the newest commit'}, ended ${facts.failedRun?.status ?? 'without results'}`;
  if (!QUIET.has(status) && lastChange !== null) {
    const c = lastChange.change;
    const seen = c.status === 'tentative' ? `tentative, ${c.pointsAfter} ${c.pointsAfter === 1 ? 'commit' : 'commits'} seen so far` : 'confirmed';
    return `${status} ${commitsAgo(c.pointsAfter)}, ${pct(c.changePct)} at ${at(lastChange.commit, lastChange.date)} (${seen})`;
  }
  if (lastChange !== null && lastChange.triage !== null && lastChange.change.pointsAfter <= facts.recent) {
    return `${status}: the ${describeChange(lastChange.change)} ${commitsAgo(lastChange.change.pointsAfter)} was ${lastChange.triage}`;
  }
  if (status === 'noisy') return `noisy (±${(noise.sigma * 100).toFixed(1)} % from commit to commit)${describeQuiet(facts)}`;
  if (status === 'bimodal') return `bimodal (the values alternate between two levels; changes are judged on ranks)${describeQuiet(facts)}`;
  return `${status}${describeQuiet(facts)}`;
}
