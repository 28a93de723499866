/**
 * Set-up mistakes that would make a suite fail before it measures anything: a
 * script that is missing or not executable (or whose "#!" interpreter is
 * missing), a `cwd` that does not exist, a command whose program is not on
 * the PATH. Found on the raw config next to the schema's own problems, so
 * `pitwall check` and `pitwall run` report them all at once with their lines,
 * and a run stops before anything is committed: the results branch holds
 * results of the code, not of typos.
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PathIssue } from './config-error.ts';
import { findCommandProgram } from './command-program.ts';

export interface SetupContext {
  /** Folder of the config file: where `script` paths start. */
  configDir: string;
  /** Root of the working tree: where `cwd` paths start. */
  repoDir: string;
  /** Environment the suites get (its PATH), before each suite's own `env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Only these suites (by name); all when undefined. */
  suites?: readonly string[] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every set-up problem of every suite in the raw (parsed, not yet validated) config. */
export async function findSetupIssues(raw: unknown, context: SetupContext): Promise<PathIssue[]> {
  if (!isRecord(raw) || !Array.isArray(raw['suites'])) return [];
  const issues: PathIssue[] = [];
  for (const [index, suite] of raw['suites'].entries()) {
    if (!isRecord(suite)) continue;
    if (context.suites !== undefined && !context.suites.includes(String(suite['name']))) continue;
    issues.push(...(await checkSuite(suite, index, context)));
  }
  return issues;
}

async function checkSuite(suite: Record<string, unknown>, index: number, context: SetupContext): Promise<PathIssue[]> {
  const issues: PathIssue[] = [];
  const env = isRecord(suite['env']) ? suite['env'] : {};
  const pathVariable = typeof env['PATH'] === 'string' ? env['PATH'] : (context.env['PATH'] ?? '');
  const cwd = typeof suite['cwd'] === 'string' ? inside(context.repoDir, suite['cwd']) : context.repoDir;
  if (typeof suite['cwd'] === 'string' && cwd !== undefined && !(await isDirectory(cwd))) {
    issues.push({ path: ['suites', index, 'cwd'], at: 'value', message: `folder "${suite['cwd']}" does not exist in the repository ("${cwd}"); create it or change "cwd" (it is relative to the repository root)` });
  }
  if (typeof suite['script'] === 'string' && suite['command'] === undefined) {
    const file = inside(context.configDir, suite['script']);
    if (file !== undefined) issues.push(...(await checkScript(file, suite['script'], ['suites', index, 'script'], pathVariable)));
  }
  if (typeof suite['command'] === 'string' && suite['script'] === undefined) {
    const program = findCommandProgram(suite['command']);
    if (program !== null && !(await findProgram(program, pathVariable, cwd ?? context.repoDir))) {
      issues.push({
        path: ['suites', index, 'command'], at: 'value',
        message: program.includes('/')
          ? `program "${program}" does not exist or is not executable; fix the path or build it first`
          : `program "${program}" is not on the PATH; install it, or write its full path in the command`,
      });
    }
  }
  return issues;
}

/** Paths leaving their folder are the schema's problem, reported there. */
function inside(base: string, relative: string): string | undefined {
  const resolved = path.resolve(base, relative);
  const rel = path.relative(base, resolved);
  return path.isAbsolute(relative) || rel === '..' || rel.startsWith(`..${path.sep}`) ? undefined : resolved;
}

async function checkScript(file: string, written: string, at: PathIssue['path'], pathVariable: string): Promise<PathIssue[]> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) {
    return [{ path: at, at: 'value', message: `file "${written}" does not exist ("${file}"); scripts are found relative to the folder of the config file: create it or fix the path` }];
  }
  if (!(await isExecutable(file))) {
    return [{ path: at, at: 'value', message: `file "${written}" is not executable; run "chmod +x ${written}" (and commit the mode change)` }];
  }
  const interpreter = await readInterpreter(file);
  if (interpreter !== null && !(await findProgram(interpreter, pathVariable, path.dirname(file)))) {
    return [{ path: at, at: 'value', message: `the interpreter "${interpreter}" on the "#!" line of "${written}" is not ${interpreter.includes('/') ? 'there' : 'on the PATH'}; install it or fix the "#!" line` }];
  }
  return [];
}

/** The program a "#!" line starts: `/bin/sh`, or `python3` for `#!/usr/bin/env python3`. */
async function readInterpreter(file: string): Promise<string | null> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    if (!first.startsWith('#!')) return null;
    const words = first.slice(2).trim().split(/\s+/).filter((w) => w !== '');
    const [program, ...rest] = words;
    if (program === undefined) return null;
    if (path.basename(program) === 'env') return rest.find((w) => !w.startsWith('-') && !w.includes('=')) ?? null;
    return program;
  } finally {
    await handle.close();
  }
}

/** A name is looked up on the PATH; a path (with "/") relative to `cwd`. */
async function findProgram(program: string, pathVariable: string, cwd: string): Promise<boolean> {
  if (program.includes('/')) return isExecutableFile(path.resolve(cwd, program));
  for (const dir of pathVariable.split(path.delimiter)) {
    if (await isExecutableFile(path.resolve(cwd, dir === '' ? '.' : dir, program))) return true;
  }
  return false;
}

async function isExecutableFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info !== null && info.isFile() && (await isExecutable(file));
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(() => true, () => false);
}

async function isDirectory(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => null);
  return info !== null && info.isDirectory();
}
