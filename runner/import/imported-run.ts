/**
 * What a history reader gives back: the runs it found in another tool's files,
 * already in pitwall's terms (path-safe names, base units, directions), plus
 * everything it left out and why, so the import can say so instead of
 * dropping data silently.
 */
import type { CommitInfo, Direction, MachineFingerprint, SuiteSnapshot } from '../../results/schema.ts';

export interface ImportedMeasurement {
  metric: string;
  value: number;
  unit: string | null;
  direction: Direction;
  samples?: number[];
}

export interface ImportedRun {
  /** Path-safe suite name, used on the results branch. */
  suite: string;
  /** The suite (benchmark set, environment) as the source names it. */
  sourceSuite: string;
  machine: string;
  /** Full sha of the benchmarked commit. */
  commit: string;
  /** Start of the run, ISO 8601 UTC with milliseconds. */
  time: string;
  commitInfo: CommitInfo;
  fingerprint: MachineFingerprint;
  suiteConfig: SuiteSnapshot;
  measurements: ImportedMeasurement[];
  /** Where the run is in the source, for messages: a JSON path or a file. */
  origin: string;
}

/** A run of the source that is not imported at all. */
export interface SkippedRun {
  suite: string;
  origin: string;
  reason: 'no-benchmarks';
  message: string;
}

/** One benchmark left out of a run that is otherwise imported. */
export interface InvalidValue {
  suite: string;
  origin: string;
  /** The benchmark's name, or null where the message names it (asv reports them so). */
  benchmark: string | null;
  message: string;
}

/** A suite as it was read, before deciding what gets written. */
export interface SourceSuite {
  suite: string;
  sourceSuite: string;
}

export interface SourceRead {
  runs: ImportedRun[];
  skipped: SkippedRun[];
  invalidValues: InvalidValue[];
  /** Every suite of the source, in source order, including those whose runs were all skipped. */
  suites: SourceSuite[];
  /** Facts of the source the results schema cannot hold, said once each (e.g. a dropped field). */
  notes: string[];
}

export interface ReadSourceOptions {
  /** Machine name for every run; otherwise the source's own, or "imported". */
  machine?: string;
  /** Put before every suite name. */
  suitePrefix: string;
}

/** What a format's `detect` may look at without reading a whole history. */
export interface SourceProbe {
  path: string;
  isDirectory: boolean;
  /** The first few kilobytes of a file; '' for a folder. */
  head: string;
  /** Names in a folder; empty for a file. */
  names: string[];
}

export interface ImportFormat {
  /** The tool, as the summary and the commit messages name it. */
  title: string;
  /** What the source must be, for error messages: "a data.js or data.json file …". */
  expected: string;
  /** A single file, or a folder. A format named with --format is only checked for this. */
  kind: 'file' | 'directory';
  /** Cheap test on the source, for --format auto. Never throws. */
  detect(probe: SourceProbe): boolean;
  /** Reads the whole source. Throws UsageError for a source it cannot read, with file:line:column or a JSON path. */
  read(path: string, options: ReadSourceOptions): Promise<SourceRead>;
}
