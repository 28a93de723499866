/**
 * ConfigFile -> ResolvedConfig: fills the defaults that depend on where pitwall
 * runs (host name, repository folder), converts the small value languages, and
 * applies the environment overrides PITWALL_MACHINE and PITWALL_REMOTE.
 */
import { basename } from 'node:path';
import { UsageError } from '../../results/errors.ts';
import { sanitizeMachineName, validateName } from '../../results/layout.ts';
import type { MetricRule } from '../../results/metric-rules.ts';
import type { ResolvedConfig, SuiteConfig } from './resolved.ts';
import type { ConfigFile, MetricRuleFile, SuiteFile } from './schema.ts';
import { isRemote, normalizePathInside, parseDirection, parseDuration, parseThreshold } from './values.ts';

export interface ResolveContext {
  /** Absolute path of the config file, or null when there is none. */
  file: string | null;
  /** Folder of the repository under test; its name titles the dashboard by default. */
  repoDir: string;
  /** Folder of the config file (or the working directory without one); default repoDir. */
  dir?: string;
  hostname: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** What an absent pitwall.yaml means: every default, no suites. */
export const EMPTY_CONFIG_FILE: ConfigFile = { branch: 'results', mainBranch: 'main', suites: [], metrics: [] };

function resolveSuite(suite: SuiteFile): SuiteConfig {
  return {
    name: suite.name,
    command: suite.command ?? null,
    script: suite.script === undefined ? null : normalizePathInside(suite.script),
    repeat: suite.repeat,
    warmup: suite.warmup,
    timeoutSeconds: parseDuration(suite.timeout),
    env: Object.fromEntries(Object.entries(suite.env ?? {}).map(([name, value]) => [name, String(value)])),
    cwd: suite.cwd === undefined || normalizePathInside(suite.cwd) === '.' ? null : normalizePathInside(suite.cwd),
    format: suite.format,
  };
}

function resolveMetricRule(rule: MetricRuleFile): MetricRule {
  return {
    match: rule.match,
    direction: rule.direction === undefined ? null : parseDirection(rule.direction),
    unit: rule.unit ?? null,
    threshold: rule.threshold === undefined ? null : parseThreshold(rule.threshold),
  };
}

/** An empty variable counts as unset, as CI systems often define every variable they know. */
function readOverride(env: ResolveContext['env'], name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function resolveMachine(config: ConfigFile, context: ResolveContext): string {
  const override = readOverride(context.env, 'PITWALL_MACHINE');
  if (override === undefined) return config.machine ?? validateName('machine', sanitizeMachineName(context.hostname));
  try {
    return validateName('machine', override);
  } catch (cause) {
    throw new UsageError('ENV_INVALID', `Invalid PITWALL_MACHINE "${override}": use letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)`, {
      hint: 'Set PITWALL_MACHINE to a plain name such as "ci-linux-x64", or unset it to use the one in pitwall.yaml',
      cause,
    });
  }
}

function resolveRemote(config: ConfigFile, context: ResolveContext): string | null {
  const override = readOverride(context.env, 'PITWALL_REMOTE');
  if (override === undefined) return config.remote ?? null;
  if (!isRemote(override)) {
    throw new UsageError('ENV_INVALID', `Invalid PITWALL_REMOTE "${override}": expected a git remote name or an http(s) URL`, {
      hint: 'pitwall pushes over HTTP(S) only: set PITWALL_REMOTE to a remote name such as "origin" or to an https:// URL',
    });
  }
  return override;
}

/** A base URL that relative links can be resolved against. */
function resolveSiteUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  return url.endsWith('/') ? url : `${url}/`;
}

export function resolveConfig(config: ConfigFile, context: ResolveContext): ResolvedConfig {
  return {
    file: context.file,
    dir: context.dir ?? context.repoDir,
    branch: config.branch,
    remote: resolveRemote(config, context),
    machine: resolveMachine(config, context),
    mainBranch: config.mainBranch,
    suites: config.suites.map(resolveSuite),
    metrics: config.metrics.map(resolveMetricRule),
    site: {
      url: resolveSiteUrl(config.site?.url),
      title: config.site?.title ?? `${basename(context.repoDir)} benchmarks`,
      notes: config.site?.notes === undefined ? null : normalizePathInside(config.site.notes),
    },
    compare: { failOn: config.compare?.failOn ?? 'regression' },
  };
}
