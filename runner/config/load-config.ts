/**
 * Finds, reads and resolves pitwall.yaml: the one entry point commands use.
 */
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../results/errors.ts';
import { parseConfigText, readRawConfig } from './parse-config.ts';
import { findSetupIssues } from './setup-issues.ts';
import { EMPTY_CONFIG_FILE, resolveConfig } from './resolve-config.ts';
import type { ResolvedConfig } from './resolved.ts';

/** Looked up in the working directory and the folders above it up to the repository root, in this order. */
export const CONFIG_FILE_NAMES = ['pitwall.yaml', 'pitwall.yml'] as const;

/** The smallest useful pitwall.yaml, shown where one is missing (a test runs it). */
export const MINIMAL_CONFIG_EXAMPLE = [
  'suites:',
  '  - name: parse',
  '    command: node bench/parse.mjs "$1" "$2"',
].join('\n');

export interface LoadConfigOptions {
  /** Directory to start looking in (then its parents inside the repository), and the base of a relative `file`. */
  cwd: string;
  /** A config file to read instead of looking for pitwall.yaml. */
  file?: string | undefined;
  /** Environment for PITWALL_MACHINE and PITWALL_REMOTE; default: process.env. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Return the defaults with no suites when cwd has no config, for commands that only read results. */
  allowMissing?: boolean | undefined;
  /** Adapter names the runner knows; when given, a suite's unknown `format` is reported with the others. */
  formats?: readonly string[] | undefined;
  /**
   * Also check that the suites can start (scripts exist and are executable, `cwd` folders exist, programs are on
   * the PATH), reporting those problems with the others: SUITE_SETUP_INVALID when they are the only ones.
   */
  setup?: { suites?: readonly string[] | undefined } | undefined;
}

/** The file name as the user will recognise it in messages. */
function nameForMessages(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** The text of a file, or undefined when it does not exist. */
async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError('CONFIG_UNREADABLE', `Cannot read config file "${file}": ${(cause as Error).message}`, {
      hint: 'Check that it is a readable file',
      cause,
    });
  }
}

async function findConfig(options: LoadConfigOptions): Promise<{ file: string; text: string } | undefined> {
  const cwd = resolve(options.cwd);
  if (options.file !== undefined) {
    const file = resolve(cwd, options.file);
    const text = await readIfPresent(file);
    if (text === undefined) {
      throw new UsageError('CONFIG_NOT_FOUND', `Cannot find config file "${options.file}" (looked at "${file}")`, {
        hint: 'Check the path of the config file; it is relative to the working directory',
      });
    }
    return { file, text };
  }
  // Like git looking for ".git": this folder, then each parent up to the repository root (outside one: this folder only).
  const root = await findRepositoryRoot(cwd);
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = await findConfigIn(dir);
    if (found !== undefined) return found;
    if (root === undefined || dir === root || dirname(dir) === dir) return undefined;
  }
}

async function findConfigIn(dir: string): Promise<{ file: string; text: string } | undefined> {
  const found: { file: string; text: string }[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const file = resolve(dir, name);
    const text = await readIfPresent(file);
    if (text !== undefined) found.push({ file, text });
  }
  if (found.length > 1) {
    throw new UsageError('CONFIG_AMBIGUOUS', `Found both ${CONFIG_FILE_NAMES.join(' and ')} in "${dir}"`, {
      hint: 'Keep one of them: pitwall reads a single config file',
    });
  }
  return found[0];
}

/** A folder holding ".git" (a directory, or the file of a linked worktree or submodule). */
async function isRepositoryRoot(dir: string): Promise<boolean> {
  try {
    await stat(join(dir, '.git'));
    return true;
  } catch {
    return false;
  }
}

/** The repository root at or above `dir`, or undefined outside a repository. */
async function findRepositoryRoot(dir: string): Promise<string | undefined> {
  for (let at = dir; ; at = dirname(at)) {
    if (await isRepositoryRoot(at)) return at;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Loads the config of the repository in `cwd`. Throws UsageError CONFIG_NOT_FOUND
 * (unless allowMissing), ConfigError CONFIG_SYNTAX or CONFIG_INVALID listing every
 * problem with its line and column, UsageError ENV_INVALID for a bad override.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd);
  const env = options.env ?? process.env;
  const found = await findConfig(options);
  if (found === undefined) {
    if (options.allowMissing !== true) {
      throw new UsageError('CONFIG_NOT_FOUND', `No ${CONFIG_FILE_NAMES.join(' or ')} in "${cwd}" or the folders above it in the repository`, {
        hint: `Run pitwall inside the repository to benchmark, pass the file with --config, or create pitwall.yaml at its root, for example:\n${MINIMAL_CONFIG_EXAMPLE}`,
      });
    }
    return resolveConfig(EMPTY_CONFIG_FILE, { file: null, repoDir: cwd, hostname: hostname(), env });
  }
  const dir = dirname(found.file);
  const repoDir = (await findRepositoryRoot(dir)) ?? dir;
  const extraIssues = options.setup === undefined
    ? []
    : await findSetupIssues(readRawConfig(found.text), { configDir: dir, repoDir, env, suites: options.setup.suites });
  const config = parseConfigText(found.text, nameForMessages(cwd, found.file), { formats: options.formats, extraIssues });
  return resolveConfig(config, { file: found.file, dir, repoDir, hostname: hostname(), env });
}
