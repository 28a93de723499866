/**
 * Turns a suite's `script` or `command` into what to spawn, checking the parts
 * that depend on the commit (the script exists and is executable, the working
 * directory exists) before any process starts.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { PitwallError, UsageError } from '../../results/errors.ts';
import type { SuiteConfig } from '../config/resolved.ts';

export interface SuiteInvocation {
  file: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** How the log shows what was started: placeholders for the two paths, so logs of different runs compare line by line. */
  display: string;
}

/**
 * Codes of problems that come from the checked-out commit rather than the
 * configuration: runSuite reports them as a run with status "error".
 */
export const COMMIT_PROBLEM_CODES: readonly string[] = ['SUITE_SCRIPT_MISSING', 'SUITE_SCRIPT_NOT_EXECUTABLE', 'SUITE_CWD_MISSING'];

/**
 * Throws UsageError for configuration mistakes (a path leaving the repository,
 * neither or both of script and command) and PitwallError with one of
 * COMMIT_PROBLEM_CODES for what is missing in this commit.
 */
export async function resolveSuiteInvocation(suite: SuiteConfig, repoDir: string, outPath: string): Promise<SuiteInvocation> {
  const cwd = resolveInside(repoDir, suite.cwd ?? '.', suite.name, 'cwd');
  if (!(await isDirectory(cwd))) {
    throw new PitwallError('SUITE_CWD_MISSING', `Working directory "${suite.cwd}" of suite "${suite.name}" does not exist in this commit`, {
      hint: 'Create the directory in the repository, or change "cwd" of the suite in pitwall.yaml',
    });
  }
  if (suite.script !== null && suite.command === null) {
    const file = resolveInside(repoDir, suite.script, suite.name, 'script');
    await checkExecutable(file, suite);
    return { file, args: [repoDir, outPath], cwd, display: `${suite.script} <repo> <out>` };
  }
  if (suite.command !== null && suite.script === null) {
    const script = `${suite.command} "$@"`;
    return { file: '/bin/sh', args: ['-c', script, 'sh', repoDir, outPath], cwd, display: `/bin/sh -c '${script}' sh <repo> <out>` };
  }
  throw new UsageError('SUITE_COMMAND_INVALID', `Suite "${suite.name}" has ${suite.script === null ? 'neither "script" nor "command"' : 'both "script" and "command"'}`, {
    hint: 'Give the suite exactly one of "script" (a file in the repository) or "command" (a shell command) in pitwall.yaml',
  });
}

function resolveInside(repoDir: string, relative: string, suite: string, key: 'script' | 'cwd'): string {
  const resolved = path.resolve(repoDir, relative);
  const fromRepo = path.relative(repoDir, resolved);
  if (path.isAbsolute(relative) || fromRepo === '..' || fromRepo.startsWith(`..${path.sep}`)) {
    throw new UsageError('SUITE_PATH_OUTSIDE_REPO', `The "${key}" of suite "${suite}" is "${relative}", which is outside the repository under test`, {
      hint: `Write "${key}" relative to the repository root, pointing inside it (such as "bench/run.sh"); use "command" to run something installed elsewhere`,
    });
  }
  return resolved;
}

async function checkExecutable(file: string, suite: SuiteConfig): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(file)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    isFile = false;
  }
  if (!isFile) {
    throw new PitwallError('SUITE_SCRIPT_MISSING', `Script "${suite.script}" of suite "${suite.name}" does not exist in this commit`, {
      hint: 'Commit the script, or benchmark a commit that has it (older commits may predate it)',
    });
  }
  try {
    await access(file, constants.X_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    throw new PitwallError('SUITE_SCRIPT_NOT_EXECUTABLE', `Script "${suite.script}" of suite "${suite.name}" is not executable`, {
      hint: `Run "chmod +x ${suite.script}" and commit the mode change (git records the executable bit)`,
    });
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}
