/** Temp git repositories and small run files for the store tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPaths } from '../../../results/layout.ts';
import { formatRunFile, SCHEMA_VERSION, type MeasurementRecord, type RunRecord } from '../../../results/schema.ts';

/** Runs native git and returns its stdout without the trailing newline. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).replace(/\n$/, '');
}

export function makeTempDir(prefix = 'pitwall-store-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh repository on branch main with a local identity and one commit. */
export function initRepo(dir: string): string {
  execFileSync('git', ['init', '--quiet', '-b', 'main', dir]);
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'initial');
  return dir;
}

export interface SampleRun {
  path: string;
  logPath: string;
  content: string;
  log: string;
  run: RunRecord;
  measurements: MeasurementRecord[];
}

/** A small valid run file; `index` makes the time (unless given), commit and values unique. */
export function sampleRun(machine: string, index: number, metrics = 3, suite = 'parse', at?: string): SampleRun {
  const time = at ?? new Date(Date.UTC(2026, 10, 1 + (index % 28), 12, 0, 0) + index * 1000).toISOString();
  const commit = (index.toString(16).padStart(8, '0') + 'a'.repeat(32)).slice(0, 40);
  const paths = runPaths(machine, suite, commit, time);
  const run: RunRecord = {
    schema: SCHEMA_VERSION,
    kind: 'run',
    run: paths.id,
    suite,
    machine,
    commit,
    branch: 'main',
    time,
    status: 'ok',
    exitCode: 0,
    signal: null,
    error: null,
    durationMs: 1000 + index,
    metrics,
    log: paths.log,
    commitInfo: { subject: `change ${index}`, author: 'Test', time, parents: [] },
    fingerprint: {
      id: `fp-${machine}`, hostname: machine, cpuModel: 'test cpu', cores: 2, memoryBytes: 1 << 30, arch: 'x64',
      os: 'linux', kernel: '6.1', node: 'v24', governor: null, turbo: null, smt: null,
    },
    suiteConfig: { command: 'node bench.js', repeat: 5, warmup: 1, timeoutSeconds: 60, hash: 'h' },
    pitwall: '0.1.0',
  };
  const measurements: MeasurementRecord[] = [];
  for (let m = 0; m < metrics; m++) {
    measurements.push({
      schema: SCHEMA_VERSION, kind: 'measurement', metric: `metric-${m}`, value: index * 10 + m + 0.5, unit: 'ns', direction: -1,
      suite, machine, commit, branch: 'main', time, run: paths.id,
    });
  }
  return { path: paths.results, logPath: paths.log, content: formatRunFile(run, measurements), log: `log of run ${index}\n`, run, measurements };
}
