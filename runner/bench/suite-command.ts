/**
 * Turns a suite's `script` or `command` into what to spawn, checking what it
 * needs (the script exists and is executable, the working directory exists)
 * before any process starts.
 *
 * A command runs exactly as written: the two paths reach it as "$1" and "$2"
 * (and PITWALL_REPO / PITWALL_OUT) without being appended, so
 * `hyperfine … "./tool"` or `make bench && cp out.json "$2"` get no stray
 * arguments. A script is found in the folder of the config file (the working
 * tree pitwall runs from), not in the commit under test, so a bench script that
 * is newer than the commits it measures still runs on them.
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

export interface InvocationOptions {
  /** Folder a relative `script` is found in: the config file's folder. Default: repoDir. */
  scriptDir?: string;
}

/**
 * Throws UsageError for configuration mistakes (a path leaving its folder,
 * neither or both of script and command) and PitwallError with one of
 * COMMIT_PROBLEM_CODES for what is missing.
 */
export async function resolveSuiteInvocation(suite: SuiteConfig, repoDir: string, outPath: string, options: InvocationOptions = {}): Promise<SuiteInvocation> {
  const cwd = resolveInside(repoDir, suite.cwd ?? '.', suite.name, 'cwd');
  if (!(await isDirectory(cwd))) {
    throw new PitwallError('SUITE_CWD_MISSING', `Working directory "${suite.cwd}" of suite "${suite.name}" does not exist in this commit`, {
      hint: 'Create the directory in the repository, or change "cwd" of the suite in pitwall.yaml',
    });
  }
  if (suite.script !== null && suite.command === null) {
    const file = resolveSuiteScript(suite, options.scriptDir ?? repoDir);
    await checkExecutable(file, suite);
    return { file, args: [repoDir, outPath], cwd, display: `${suite.script} <repo> <out>` };
  }
  if (suite.command !== null && suite.script === null) {
    // "sh" becomes $0; the two paths are $1 and $2 without being appended to the command.
    return { file: '/bin/sh', args: ['-c', suite.command, 'sh', repoDir, outPath], cwd, display: `/bin/sh -c '${suite.command}' sh <repo> <out>` };
  }
  throw new UsageError('SUITE_COMMAND_INVALID', `Suite "${suite.name}" has ${suite.script === null ? 'neither "script" nor "command"' : 'both "script" and "command"'}`, {
    hint: 'Give the suite exactly one of "script" (a file in the repository) or "command" (a shell command) in pitwall.yaml',
  });
}

/** Absolute path of a suite's script: relative to `scriptDir` (the config file's folder), never outside it. */
export function resolveSuiteScript(suite: SuiteConfig, scriptDir: string): string {
  if (suite.script === null) throw new Error(`Suite "${suite.name}" has no script`);
  return resolveInside(scriptDir, suite.script, suite.name, 'script');
}

function resolveInside(base: string, relative: string, suite: string, key: 'script' | 'cwd'): string {
  const resolved = path.resolve(base, relative);
  const fromBase = path.relative(base, resolved);
  if (path.isAbsolute(relative) || fromBase === '..' || fromBase.startsWith(`..${path.sep}`)) {
    const where = key === 'script' ? 'the folder of the config file' : 'the repository under test';
    throw new UsageError('SUITE_PATH_OUTSIDE_REPO', `The "${key}" of suite "${suite}" is "${relative}", which is outside ${where}`, {
      hint: `Write "${key}" relative to ${where}, pointing inside it (such as "bench/run.sh"); use "command" to run something installed elsewhere`,
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
    throw new PitwallError('SUITE_SCRIPT_MISSING', `Script "${suite.script}" of suite "${suite.name}" does not exist ("${file}")`, {
      hint: 'Scripts are found relative to the folder of pitwall.yaml in the working tree: fix "script" of the suite, or create the file there',
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
