/**
 * Where things live on the results branch. Runs are sharded by machine, month and
 * day so that every tree rewritten by a new commit stays small however long the
 * history grows (a commit rewrites one path of trees from the root to its file).
 *
 *   runs/<machine>/<YYYY-MM>/<DD>/<YYYYMMDDTHHMMSSZ>-<sha7>-<suite>.jsonl
 *   runs/<machine>/<YYYY-MM>/<DD>/<YYYYMMDDTHHMMSSZ>-<sha7>-<suite>.log
 *   triage/*.yaml
 *   notes/*.mdx
 */
import { UsageError } from './errors.ts';

export const RUNS_DIR = 'runs';
export const TRIAGE_DIR = 'triage';
export const NOTES_DIR = 'notes';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Machine and suite names become path segments: keep them plain. */
export function validateName(kind: 'machine' | 'suite', name: string): string {
  if (!NAME.test(name) || name.includes('..')) {
    throw new UsageError('INVALID_NAME', `Invalid ${kind} name "${name}": use letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)`, {
      hint: `Rename the ${kind} in pitwall.yaml`,
    });
  }
  return name;
}

/** Host names can hold anything; make one usable as a machine name. */
export function sanitizeMachineName(hostname: string): string {
  const cleaned = hostname.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
  return cleaned === '' ? 'machine' : cleaned;
}

/** 2026-11-24T20:06:26.123Z -> 20261124T200626Z */
export function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

export interface RunPaths {
  /** Run id: `<machine>/<stem>`, unique on the branch. */
  id: string;
  dir: string;
  results: string;
  log: string;
}

export function runPaths(machine: string, suite: string, commit: string, isoTime: string, attempt = 0): RunPaths {
  const month = isoTime.slice(0, 7);
  const day = isoTime.slice(8, 10);
  const stem = `${compactTime(isoTime)}-${commit.slice(0, 7)}-${suite}${attempt > 0 ? `-${attempt + 1}` : ''}`;
  const dir = `${RUNS_DIR}/${machine}/${month}/${day}`;
  return { id: `${machine}/${stem}`, dir, results: `${dir}/${stem}.jsonl`, log: `${dir}/${stem}.log` };
}

export function isRunFile(path: string): boolean {
  return path.startsWith(`${RUNS_DIR}/`) && path.endsWith('.jsonl');
}
