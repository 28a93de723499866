/**
 * The configuration after loading and defaults: what the rest of pitwall uses.
 * The on-disk shape (pitwall.yaml) is `ConfigFile` in ./schema.ts.
 */
import type { MetricRule } from '../../results/metric-rules.ts';

/** Lives beside its matching logic in results/, which the site and the analysis share. */
export type { MetricRule } from '../../results/metric-rules.ts';

export interface SuiteConfig {
  /** Path-safe name, used in file names on the results branch. */
  name: string;
  /** Shell command run by /bin/sh -c exactly as written; the repository path and the output path are "$1" and "$2". */
  command: string | null;
  /** Executable file, relative to the config file's folder in the working tree; run with the two paths as arguments. */
  script: string | null;
  /** Process runs that each give one sample per metric. */
  repeat: number;
  /** Process runs before those, whose output is discarded. */
  warmup: number;
  timeoutSeconds: number;
  env: Record<string, string>;
  /** Working directory relative to the repository under test; null = its root. */
  cwd: string | null;
  /** Output format: "pitwall" (the bench-script contract), an adapter name, or "auto". */
  format: string;
}

export interface ResolvedConfig {
  /** Absolute path of the file it came from, or null for the built-in default. */
  file: string | null;
  /** Absolute folder of that file (where `script` paths start), or the working directory without one. */
  dir: string;
  branch: string;
  /** A git remote name or an http(s) URL to push results to, or null. */
  remote: string | null;
  machine: string;
  /** Branch of the repository under test whose history orders the commits. */
  mainBranch: string;
  suites: SuiteConfig[];
  metrics: MetricRule[];
  site: { url: string | null; title: string; notes: string | null };
  compare: { failOn: 'regression' | 'never' };
}
