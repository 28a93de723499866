/**
 * A real project for comparison tests: a git repository whose bench script
 * reports what files in the commit tell it (SPEED sets parse/small in ms,
 * FAIL makes it exit 3, FLAKY makes its first run 50 % slower), a history
 * on main benchmarked with the real pipeline, and `pitwall compare` run
 * in-process with captured output.
 */
import { mkdtempSync, rmSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { git, makeProject } from '../../helpers/cli.ts';
import { command as compare } from '../../../runner/commands/compare.ts';
import { loadConfig } from '../../../runner/config/load-config.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { readFingerprint } from '../../../runner/bench/fingerprint.ts';
import { benchCommit } from '../../../runner/pipeline/bench-commit.ts';
import { isPitwallError, UsageError, type PitwallError } from '../../../results/errors.ts';

export const SITE = 'https://bench.example.com/parser/';

const BENCH = `#!/bin/sh
# Reports parse/small from the commit's SPEED file, and two steady metrics.
if [ -f "$1/FAIL" ]; then echo "boom: fixture missing" >&2; exit 3; fi
speed=$(cat "$1/SPEED")
if [ -f "$1/FLAKY" ] && [ ! -f "$PITWALL_CACHE/flaky-seen" ]; then
  touch "$PITWALL_CACHE/flaky-seen"
  speed=$(awk -v s="$speed" 'BEGIN { print s * 1.5 }')
fi
awk -v s="$speed" 'BEGIN {
  printf "{\\"metric\\":\\"parse/small\\",\\"samples\\":[%g,%g,%g,%g,%g],\\"unit\\":\\"ms\\"}\\n", s, s * 1.01, s * 0.99, s * 1.005, s * 0.995
  printf "{\\"metric\\":\\"stable\\",\\"samples\\":[50,50.5,49.5,50.2,49.8],\\"unit\\":\\"ms\\"}\\n"
  printf "{\\"metric\\":\\"size\\",\\"value\\":4500000,\\"unit\\":\\"B\\",\\"direction\\":-1}\\n"
}' > "$2"
echo "measured speed $speed"
`;

export function configText(extra = ''): string {
  return `machine: ci-1\nsite:\n  url: ${SITE}\nsuites:\n  - name: core\n    script: bench/speed.sh\n${extra}`;
}

export interface Project {
  dir: string;
  cleanup: () => void;
  /** Commits the SPEED value (and optional extra files) on the current branch; returns the sha. */
  commit(speed: number, files?: Record<string, string | null>, message?: string): string;
  /** Runs the suites on a commit with the real pipeline, committing to the results branch. */
  bench(sha: string): Promise<void>;
  sha(rev: string): string;
}

export function makeCompareProject(config = configText()): Project {
  const { dir, cleanup } = makeProject({ 'bench/speed.sh': BENCH, 'pitwall.yaml': config, SPEED: '100' }, ['bench/speed.sh']);
  return projectAt(dir, cleanup);
}

/** A clone of a project's code (no results branch), as a second CI runner has it. */
export function cloneCompareProject(from: Project): Project {
  const temp = makeTempDir();
  const dir = join(temp.dir, 'clone');
  git(temp.dir, 'clone', '-q', from.dir, dir);
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'Dev');
  return projectAt(dir, temp.remove);
}

function projectAt(dir: string, cleanup: () => void): Project {
  const sha = (rev: string) => git(dir, 'rev-parse', rev).trim();
  return {
    dir,
    cleanup,
    sha,
    commit(speed, files = {}, message = `speed ${speed}`) {
      writeFileSync(join(dir, 'SPEED'), String(speed));
      for (const [path, text] of Object.entries(files)) {
        if (text === null) {
          if (existsSync(join(dir, path))) unlinkSync(join(dir, path));
        } else writeFileSync(join(dir, path), text);
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '--allow-empty', '-m', message);
      return sha('HEAD');
    },
    async bench(commit) {
      const config = await loadConfig({ cwd: dir, env: {} });
      const repo = await openResultsRepo({ dir, branch: config.branch });
      await benchCommit({ config, repo, repoDir: dir, rev: commit, branch: null, fingerprint: readFingerprint(), locked: false, onProgress: () => {} });
    },
  };
}

/**
 * A main branch of four benchmarked commits (speeds near 100 ms), then a
 * branch "feature" off its tip, checked out. Returns the merge base.
 */
export async function seedMainHistory(project: Project): Promise<string> {
  await project.bench(project.sha('HEAD'));
  for (const speed of [100.5, 99.8, 100.2]) await project.bench(project.commit(speed));
  const mergeBase = project.sha('HEAD');
  git(project.dir, 'checkout', '-q', '-b', 'feature');
  return mergeBase;
}

export interface CompareResult {
  code: number;
  stdout: string;
  stderr: string;
  error: PitwallError | null;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** `pitwall compare` in this process, with the exit code the CLI would give for a thrown error. */
export async function runCompare(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CompareResult> {
  const stdout = collector();
  const stderr = collector();
  let code: number;
  let error: PitwallError | null = null;
  try {
    code = await compare.run({ argv, cwd: options.cwd, env: options.env ?? {}, stdout: stdout.stream, stderr: stderr.stream });
  } catch (thrown) {
    if (!isPitwallError(thrown)) throw thrown;
    error = thrown;
    code = thrown instanceof UsageError ? 2 : 1;
  }
  return { code, stdout: stdout.text(), stderr: stderr.text(), error };
}

/** A temp folder removed by the returned function. */
export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-compare-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
