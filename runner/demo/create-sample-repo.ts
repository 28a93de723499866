/**
 * Creates the demo's sample repository: a fresh git repository holding the
 * history of sample-history.ts on branch main. Written with isomorphic-git only,
 * so a machine without git can run the demo.
 */
import fs from 'node:fs';
import { chmod, lstat, mkdir, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';
import { UsageError } from '../../results/errors.ts';
import { sampleHistory } from './sample-history.ts';
import type { SampleStep } from './sample-history.ts';

export interface CreateSampleRepoOptions {
  /** Called with one line of progress per commit. */
  onProgress?: (text: string) => void;
  /** The history to write; default sampleHistory. */
  steps?: readonly SampleStep[];
}

export interface SampleRepo {
  dir: string;
  /** Commit ids, oldest first. */
  commits: string[];
  branch: 'main';
}

/** Left in .git to recognise a repository this function made, and may therefore replace. */
export const DEMO_MARKER = 'pitwall-demo';
const BRANCH = 'main';

/**
 * Creates the repository in `dir`, which must be missing, empty, or a sample
 * repository made earlier by this function (that one is replaced). Throws
 * UsageError DEMO_DIR_NOT_EMPTY or DEMO_DIR_NOT_DIRECTORY otherwise.
 */
export async function createSampleRepo(dir: string, options: CreateSampleRepoOptions = {}): Promise<SampleRepo> {
  const steps = options.steps ?? sampleHistory;
  await prepareDirectory(dir);
  const cache = {};
  await git.init({ fs, dir, defaultBranch: BRANCH });
  await writeFile(path.join(dir, '.git', DEMO_MARKER), 'Made by "pitwall demo", which replaces this repository when run again.\n');
  const commits: string[] = [];
  for (const [i, step] of steps.entries()) {
    const commit = await commitStep(dir, step, cache);
    commits.push(commit);
    options.onProgress?.(`commit ${i + 1}/${steps.length} ${commit.slice(0, 7)} ${subjectOf(step.message)}`);
  }
  return { dir, commits, branch: BRANCH };
}

async function prepareDirectory(dir: string): Promise<void> {
  const stats = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats === null) {
    await mkdir(dir, { recursive: true });
    return;
  }
  if (!stats.isDirectory()) {
    throw new UsageError('DEMO_DIR_NOT_DIRECTORY', `Cannot create the sample repository in "${dir}": it is a file, not a directory`, {
      hint: 'Choose another output directory with --out',
    });
  }
  if ((await readdir(dir)).length === 0) return;
  const marker = await lstat(path.join(dir, '.git', DEMO_MARKER)).catch(() => null);
  if (marker === null) {
    throw new UsageError('DEMO_DIR_NOT_EMPTY', `Cannot create the sample repository in "${dir}": the directory is not empty and does not hold an earlier demo`, {
      hint: 'Choose an empty or new directory with --out; pitwall replaces only a sample repository it made itself',
    });
  }
  await rm(dir, { recursive: true });
  await mkdir(dir);
}

async function commitStep(dir: string, step: SampleStep, cache: object): Promise<string> {
  const written: string[] = [];
  for (const [file, content] of Object.entries(step.files)) {
    const target = path.join(dir, file);
    if (content === null) {
      await unlink(target);
      await git.remove({ fs, dir, filepath: file, cache });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    // isomorphic-git reads the executable bit from the file's mode; a rewritten file keeps its mode.
    if (step.executable?.includes(file) === true) await chmod(target, 0o755);
    written.push(file);
  }
  if (written.length > 0) await git.add({ fs, dir, filepath: written, cache });
  const signature = { name: step.author.name, email: step.author.email, ...parseGitTime(step.date) };
  return git.commit({ fs, dir, message: `${step.message}\n`, author: signature, committer: signature, cache });
}

/**
 * "2026-08-03T10:12:00+02:00" -> seconds since the epoch, and git's offset
 * convention (minutes to add to local time to get UTC, as Date#getTimezoneOffset).
 */
export function parseGitTime(iso: string): { timestamp: number; timezoneOffset: number } {
  const match = /([+-])(\d\d):(\d\d)$|Z$/.exec(iso);
  const millis = Date.parse(iso);
  if (match === null || Number.isNaN(millis)) {
    throw new UsageError('DEMO_BAD_DATE', `Invalid sample commit date "${iso}": expected ISO 8601 with an offset, such as 2026-08-03T10:12:00+02:00`);
  }
  const minutes = match[1] === undefined ? 0 : Number(match[2]) * 60 + Number(match[3]);
  return { timestamp: Math.floor(millis / 1000), timezoneOffset: match[1] === '+' ? -minutes : minutes };
}

function subjectOf(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
