/**
 * Runs every configured suite on one commit and commits each run to the results
 * branch. Shared by `pitwall run`, `pitwall compare --run` and the demo.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { runPaths } from '../../results/layout.ts';
import { isPitwallError, UsageError } from '../../results/errors.ts';
import { formatRunFile, type MachineFingerprint, type RunRecord } from '../../results/schema.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { writeRun } from '../../results/store/write-run.ts';
import { runSuite, type SuiteOutcome } from '../bench/run-suite.ts';
import { checkoutCommit, makeScratchDir, readCommitInfo, resolveCommit } from '../bench/checkout.ts';
import { parseWithFormat } from '../adapters/index.ts';
import { fromAdapter } from '../bench/contract.ts';
import type { ResolvedConfig, SuiteConfig } from '../config/resolved.ts';
import { VERSION } from '../version.ts';
import { formatBytes, MAX_RESULTS_FILE_BYTES } from '../../results/limits.ts';
import { listSecrets, listUrlSecrets, redactSecrets, SECRET_ENV_NAMES } from '../redact-secrets.ts';
import { formatRunMessage, hashSuite, identifyScript, toMeasurementRecords, toRunRecord, type RunFacts } from './to-records.ts';

export interface BenchCommitOptions {
  config: ResolvedConfig;
  repo: ResultsRepo;
  /** Root of the working tree of the repository under test. */
  repoDir: string;
  /** A revision to check out into a temporary directory; undefined runs on the working tree as it is. */
  rev?: string;
  branch: string | null;
  fingerprint: MachineFingerprint;
  /** Only these suites; all when undefined. */
  suites?: readonly string[];
  /** The caller holds the repository lock. */
  locked: boolean;
  onProgress: (text: string) => void;
  onLine?: (text: string) => void;
  now?: () => Date;
  /** Values blanked from the logs and errors committed to the branch; default: the tokens in process.env. */
  secrets?: readonly string[];
}

export interface BenchCommitResult {
  commit: string;
  runs: RunRecord[];
  resultsCommits: string[];
}

/** The suites named (all when none are), or UsageError UNKNOWN_SUITE naming the ones the config has. */
export function selectSuites(config: ResolvedConfig, names: readonly string[] | undefined): SuiteConfig[] {
  if (names === undefined || names.length === 0) return config.suites;
  return names.map((name) => {
    const suite = config.suites.find((s) => s.name === name);
    if (suite === undefined) {
      throw new UsageError('UNKNOWN_SUITE', `Unknown suite "${name}"`, {
        hint: `The suites in ${config.file ?? 'pitwall.yaml'} are: ${config.suites.map((s) => s.name).join(', ') || '(none)'}`,
      });
    }
    return suite;
  });
}

/** The script's content and identity; scripts come from the config file's folder, not from the commit under test. */
async function readScript(config: ResolvedConfig, repoDir: string, suite: SuiteConfig): Promise<{ content: Uint8Array; identity: RunFacts['script'] } | null> {
  if (suite.script === null) return null;
  const file = resolve(config.dir, suite.script);
  try {
    const content = await readFile(file);
    const fromRoot = relative(resolve(repoDir), file);
    const shown = fromRoot.startsWith('..') || isAbsolute(fromRoot) ? file : fromRoot.split(sep).join('/');
    return { content, identity: identifyScript(shown, content) };
  } catch {
    // A missing script fails the run itself, with its own message; the hash just goes without it.
    return null;
  }
}

function parserFor(suite: SuiteConfig) {
  if (suite.format === 'pitwall') return undefined;
  return fromAdapter((text: string, source: string) => parseWithFormat(suite.format, text, source));
}

/**
 * Suites run code under test: they get no push or API token (a suite's own `env` may still set one),
 * and none of pitwall's own settings (PITWALL_REMOTE may be a URL with credentials); the
 * PITWALL_* variables of the contract are set for them afresh.
 */
function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of SECRET_ENV_NAMES) delete copy[name];
  for (const name of Object.keys(copy)) if (name.startsWith('PITWALL_')) delete copy[name];
  return copy;
}

export async function benchCommit(options: BenchCommitOptions): Promise<BenchCommitResult> {
  const { config, repo, fingerprint, onProgress } = options;
  const now = options.now ?? (() => new Date());
  const secrets = [...(options.secrets ?? listSecrets(process.env)), ...listUrlSecrets(config.remote ?? '')];
  const suites = selectSuites(config, options.suites);
  const rev = options.rev ?? 'HEAD';
  const commit = await resolveCommit(options.repoDir, rev);
  const commitInfo = await readCommitInfo(options.repoDir, commit);
  const checkout = options.rev === undefined ? null : await checkoutCommit({ dir: options.repoDir, rev: commit, cache: repo.cache });
  const scratch = await makeScratchDir();
  const workRoot = scratch.dir;
  const runs: RunRecord[] = [];
  const resultsCommits: string[] = [];
  try {
    const codeDir = checkout?.dir ?? resolve(options.repoDir);
    for (const [index, suite] of suites.entries()) {
      onProgress(`[${index + 1}/${suites.length}] suite ${suite.name} @ ${commit.slice(0, 7)} (${suite.repeat} run${suite.repeat === 1 ? '' : 's'}${suite.warmup > 0 ? ` + ${suite.warmup} warmup` : ''})`);
      const cacheDir = join(repo.gitdir, 'pitwall', 'cache', suite.name);
      await mkdir(cacheDir, { recursive: true });
      const workDir = join(workRoot, suite.name);
      await mkdir(workDir, { recursive: true });
      const time = now().toISOString();
      const parseOutput = parserFor(suite);
      const outcome: SuiteOutcome = await runSuite(suite, {
        repoDir: codeDir,
        scriptDir: config.dir,
        commit,
        cacheDir,
        workDir,
        ...(parseOutput === undefined ? {} : { parseOutput }),
        onProgress,
        baseEnv: withoutSecrets(process.env),
        ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
      });
      // A logged error and a committed log must never carry a token, whatever the suite printed.
      const logText = redactSecrets(outcome.logText, secrets);
      const error = outcome.error === null ? null : redactSecrets(outcome.error, secrets);
      const script = await readScript(config, options.repoDir, suite);
      const suiteHash = hashSuite(suite, script?.content ?? null);
      // Two runs of one suite on one commit in the same second get "-2", "-3": writeRun refuses existing paths.
      const write = async (attempt: number) => {
        const paths = runPaths(config.machine, suite.name, commit, time, attempt);
        const facts: RunFacts = {
          // The command is kept in the run record: never with a token or a URL's credentials in it.
          id: paths.id, suite: suite.command === null ? suite : { ...suite, command: redactSecrets(suite.command, secrets) }, machine: config.machine, commit, branch: options.branch, time,
          status: outcome.status, exitCode: outcome.exitCode, signal: outcome.signal, error,
          durationMs: outcome.durationMs, log: logText.length > 0 ? paths.log : null,
          commitInfo, fingerprint, suiteHash, version: VERSION,
          ...(script?.identity === undefined ? {} : { script: script.identity }),
        };
        let measurements = toMeasurementRecords(outcome.measurements, facts, config.metrics);
        let run = toRunRecord(facts, measurements.length);
        let content = formatRunFile(run, measurements);
        const bytes = Buffer.byteLength(content);
        if (bytes > MAX_RESULTS_FILE_BYTES) {
          // Too large for git hosts and for every later build: the run is kept, as invalid output, without its measurements.
          const why = `Suite "${suite.name}" reported ${measurements.length.toLocaleString('en-US')} measurements making a results file of ${formatBytes(bytes)}, over the limit of ${formatBytes(MAX_RESULTS_FILE_BYTES)}; none are kept. Report fewer metrics or fewer samples per metric`;
          measurements = [];
          run = toRunRecord({ ...facts, status: 'invalid-output', error: facts.error === null ? why : `${why}\n${facts.error}` }, 0);
          content = formatRunFile(run, measurements);
        }
        const files = [{ path: paths.results, content }];
        if (logText.length > 0) files.push({ path: paths.log, content: logText });
        const { commit: written } = await writeRun(repo, { files, message: formatRunMessage(run), time: now() }, { locked: options.locked });
        return { paths, run, written };
      };
      let attempt = 0;
      let result;
      for (;;) {
        try {
          result = await write(attempt);
          break;
        } catch (cause) {
          if (!isPitwallError(cause) || cause.code !== 'RESULTS_PATH_EXISTS' || attempt >= 20) throw cause;
          attempt++;
        }
      }
      const { paths, run, written } = result;
      runs.push(run);
      resultsCommits.push(written);
      const summary = run.status === 'ok' ? `${run.metrics} metrics` : `${run.status}: ${run.error ?? ''}`;
      onProgress(`  ${run.status === 'ok' ? 'ok' : 'FAILED'} ${suite.name} in ${(outcome.durationMs / 1000).toFixed(1)} s, ${summary} -> ${config.branch}:${paths.results}`);
    }
  } finally {
    await scratch.remove();
    await checkout?.remove();
  }
  return { commit, runs, resultsCommits };
}
