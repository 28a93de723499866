/**
 * The site model: everything the dashboard shows, computed once from the results
 * branch by results/analysis and handed to the Astro build as one JSON file.
 * The site renders it and never reads git or runs statistics itself.
 */
import type { InputProblem } from './input-problems.ts';
import type { Direction, MachineFingerprint, RunStatus } from '../schema.ts';
import type { NoiseBasis } from '../analysis/noise.ts';

export interface SiteCommit {
  sha: string;
  subject: string;
  author: string;
  /** Commit time, ISO 8601. */
  time: string;
  /** Position in the main branch's order (0 = oldest), or null for a commit off main (a pull request). */
  index: number | null;
  /** Branch recorded by the runner, if any. */
  branch: string | null;
}

export type SeriesStatus = 'regressed' | 'improved' | 'stable' | 'noisy' | 'bimodal' | 'failing';

export interface SeriesSummary {
  /** Stable id used in URLs and data files: `<machine>/<suite>/<metric>`. */
  id: string;
  machine: string;
  suite: string;
  metric: string;
  unit: string | null;
  direction: Direction;
  /** Number of commits with a value. */
  count: number;
  latest: number | null;
  latestCommit: string | null;
  /** Change of the latest value against the previous commit and against 30 commits before, in %. */
  vsPrevPct: number | null;
  vs30Pct: number | null;
  status: SeriesStatus;
  /** Why the series has its status, in one sentence ("regressed 14 commits ago, +2.3 % at 1a2b3c4 (…)"). */
  statusText: string;
  /** What the noise figure rests on; `exact` for a deterministic series (no noise). */
  noiseBasis: NoiseBasis;
  /** The values alternate between two levels; changes are judged on ranks (results/analysis/bimodal.ts). */
  bimodal: boolean;
  /** Robust noise (σ of commit-to-commit changes) and significance threshold, in %. */
  noisePct: number;
  thresholdPct: number;
  /** The last values (at most 60), oldest first, for sparklines. */
  spark: number[];
}

export interface SeriesPoint {
  /** Index into SiteModel.commits. */
  c: number;
  /** Median value at that commit. */
  v: number;
  /** Spread of the samples (min and max); equal to v when there was one value. */
  lo: number;
  hi: number;
  /** Number of samples behind v. */
  n: number;
}

export interface ChangeView {
  seriesId: string;
  /** First commit after the change, and the last measured commit before it. */
  commit: string;
  previousCommit: string | null;
  /** Number of commits between them that were not measured (0 = the change is pinned to one commit). */
  unmeasuredBetween: number;
  beforeMedian: number;
  afterMedian: number;
  changePct: number;
  ciLowPct: number;
  ciHighPct: number;
  /** Level of the interval: 1 − the detector's alpha, from the same test as pValue (0.999 by default). */
  ciLevel: number;
  pValue: number;
  /** |change| in noise σ; null for a deterministic series, which has no noise. */
  sizeInNoise: number | null;
  /** How it was judged (see ChangePoint.test in results/analysis/change-points.ts). */
  test: 'exact' | 'welch' | 'student' | 'mann-whitney';
  kind: 'regression' | 'improvement' | 'change';
  status: 'tentative' | 'confirmed';
  /** Set when a triage file on the results branch acknowledged the change. */
  triage: { state: 'acknowledged' | 'expected'; note: string; by: string | null } | null;
}

export interface SeriesDetail {
  id: string;
  points: SeriesPoint[];
  changes: ChangeView[];
  /** Noise band around the running median: relative half-width, in %. */
  noisePct: number;
  /** Values on commits off the main branch (pull requests), for comparisons; not part of the trend. */
  branchPoints: SeriesPoint[];
}

export interface RunView {
  id: string;
  suite: string;
  machine: string;
  commit: string;
  time: string;
  status: RunStatus;
  exitCode: number | null;
  durationMs: number;
  error: string | null;
  metrics: number;
  fingerprintId: string;
  /** Path of the log on the results branch; its text is in the runs data file. */
  log: string | null;
}

export interface MachineView {
  name: string;
  /** The fingerprint of the machine's newest run. */
  fingerprint: MachineFingerprint;
  /** Fingerprints its older runs had, one per id, most recent first (the newest run with each id). */
  earlierFingerprints: MachineFingerprint[];
  /** Median noise of the machine's series per suite, in %. */
  noiseBySuite: { suite: string; noisePct: number; series: number }[];
  warnings: string[];
  runs: number;
  lastRun: string | null;
}

export interface NoteView {
  slug: string;
  title: string;
  /** Series ids and commits the note is about; it shows on their charts. */
  metrics: string[];
  commits: string[];
  date: string | null;
  /** MDX source, rendered by the site. */
  body: string;
}

/** A recent commit of main as the queue sees it for one machine. */
export interface QueueCommitView {
  sha: string;
  subject: string;
  time: string;
  /** measured: every suite has an ok run; failed: a suite ran and failed; pending: never run, or the suite changed since. */
  state: 'measured' | 'pending' | 'failed';
}

/** What `pitwall queue` would list for a machine, at build time. */
export interface MachineQueueView {
  machine: string;
  /** Commits of main still to measure (pending or failed), over main's whole first-parent history. */
  length: number;
  failed: number;
  /** The newest commits of main, newest first. */
  recent: QueueCommitView[];
}

export interface SiteModel {
  title: string;
  generatedAt: string;
  /** Web address of the repository under test, for commit links, or null. */
  repoUrl: string | null;
  /** Main-branch commits in order, then off-main commits. */
  commits: SiteCommit[];
  series: SeriesSummary[];
  details: SeriesDetail[];
  /** Every change point, newest commit first. */
  changes: ChangeView[];
  runs: RunView[];
  /** Log text by run id. */
  logs: Record<string, string>;
  machines: MachineView[];
  notes: NoteView[];
  /** Per machine, which recent main commits are measured, pending or failed; absent when main's history was not readable. */
  queue?: MachineQueueView[];
  /** Files on the results branch (notes, triage, results) that the build left out or showed in part: problems to fix. */
  inputProblems?: InputProblem[];
}
