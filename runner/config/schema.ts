/**
 * The on-disk shape of pitwall.yaml. Every field says what it expects in one
 * phrase (the `error` of each check) so that a problem reads
 * `suites[0].repeat: expected an integer from 1 to 1000, got "five"`, and carries a
 * `.describe()` that editors show from pitwall.schema.json.
 *
 * Checks that involve several fields (duplicate suite names, command or script)
 * live in check-relations.ts: zod skips an object's refinements once one of its
 * fields failed, and every problem must be reported at once.
 */
import * as z from 'zod';
import { findGlobProblem } from '../../results/metric-rules.ts';
import { validateName } from '../../results/layout.ts';
import { isPitwallError } from '../../results/errors.ts';
import {
  DIRECTION_WORDS,
  DURATION_PATTERN,
  ENV_NAME_PATTERN,
  MAX_TIMEOUT_SECONDS,
  PERCENT_PATTERN,
  isBranchName,
  isPathInside,
  isRemote,
  isTimeout,
  parseThreshold,
} from './values.ts';

/** Zod options giving every issue of a check the same phrase. */
function expecting(what: string): { error: string } {
  return { error: `expected ${what}` };
}

function isName(kind: 'machine' | 'suite', value: string): boolean {
  try {
    validateName(kind, value);
    return true;
  } catch (error) {
    if (isPitwallError(error) && error.code === 'INVALID_NAME') return false;
    throw error;
  }
}

function nameSchema(kind: 'machine' | 'suite') {
  const e = expecting('a name of letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)');
  return z.string(e).refine((value) => isName(kind, value), e);
}

function branchSchema(example: string) {
  const e = expecting(`a git branch name such as "${example}"`);
  return z.string(e).refine(isBranchName, e);
}

function pathInsideSchema(what: 'file' | 'folder') {
  const e = expecting(`a ${what} path relative to the repository, inside it`);
  return z.string(e).refine(isPathInside, e);
}

const remoteE = expecting('a git remote name such as "origin" or an http(s) URL (pitwall pushes over HTTP only)');
const timeoutE = expecting('a number of seconds or a duration like 90s, 10m, 1h (at most a week)');
const thresholdE = expecting('a fraction like 0.02 or a percentage like "2%"');
const directionE = expecting('lower, higher or none (or -1, 1, 0)');
const envNameE = expecting('a variable name of letters, digits and "_", not starting with a digit');
const formatE = expecting('"pitwall", "auto" or an adapter name in lower case, such as "hyperfine"');

const GlobSchema = z.string(expecting('a glob such as "parse/**"')).superRefine((pattern, ctx) => {
  const problem = findGlobProblem(pattern);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: `invalid glob "${pattern}": ${problem}`, params: { complete: true } });
});

export const SuiteSchema = z
  .strictObject(
    {
      name: nameSchema('suite').describe('Path-safe suite name: letters, digits, ".", "_" and "-"; it becomes part of file names on the results branch.'),
      command: z
        .string(expecting('a shell command'))
        .min(1, expecting('a shell command'))
        .optional()
        .describe('Shell command run by /bin/sh -c in cwd; the repository path and the output file path are passed as "$1" and "$2". Write exactly one of command and script.'),
      script: pathInsideSchema('file')
        .optional()
        .describe('Executable file relative to the repository, run with the repository path and the output file path as arguments. Write exactly one of command and script.'),
      repeat: z
        .int(expecting('an integer from 1 to 1000'))
        .min(1, expecting('an integer from 1 to 1000'))
        .max(1000, expecting('an integer from 1 to 1000'))
        .default(1)
        .describe('Measured process runs; each gives one sample per metric.'),
      warmup: z
        .int(expecting('an integer from 0 to 1000'))
        .min(0, expecting('an integer from 0 to 1000'))
        .max(1000, expecting('an integer from 0 to 1000'))
        .default(0)
        .describe('Process runs before the measured ones, whose output is discarded.'),
      timeout: z
        .union([z.number(timeoutE).positive(timeoutE).max(MAX_TIMEOUT_SECONDS, timeoutE), z.string(timeoutE).regex(DURATION_PATTERN, timeoutE)], timeoutE)
        .refine(isTimeout, timeoutE)
        .default('10m')
        .describe('Time limit of one process run: a number of seconds or a duration like 90s, 10m, 1h.'),
      env: z
        .record(z.string(envNameE).regex(ENV_NAME_PATTERN, envNameE), z.union([z.string(), z.number(), z.boolean()], expecting('a string, number or boolean')), expecting('a mapping of variable names to values'))
        .optional()
        .describe('Environment variables added to the runner\'s own; numbers and booleans are passed as text.'),
      cwd: pathInsideSchema('folder').optional().describe('Working directory relative to the repository; default: its root.'),
      format: z
        .string(formatE)
        .regex(/^[a-z0-9][a-z0-9-]*$/, formatE)
        .default('pitwall')
        .describe('Output format: "pitwall" (the bench-script contract), the name of an adapter for a benchmark harness, or "auto" to detect it.'),
    },
    expecting('a mapping with a name and a command or script'),
  )
  .describe('One benchmark suite: a command or script that writes measurements.');

export const MetricRuleSchema = z
  .strictObject(
    {
      match: GlobSchema.describe('Glob over metric names: "*" within one "/"-separated segment, "**" across segments. The first matching rule applies.'),
      direction: z
        .union([z.enum(Object.keys(DIRECTION_WORDS) as ['lower', 'higher', 'none'], directionE), z.literal([-1, 0, 1], directionE)], directionE)
        .optional()
        .describe('Which way is better: lower (-1), higher (1) or none (0). Overrides what the bench output says.'),
      unit: z.string(expecting('a unit such as "ms"')).min(1, expecting('a unit such as "ms"')).optional().describe('Unit shown on charts, such as "ms" or "ops/s".'),
      threshold: z
        .union([z.number(thresholdE).min(0, thresholdE).max(1, thresholdE), z.string(thresholdE).regex(PERCENT_PATTERN, thresholdE)], thresholdE)
        .refine((value) => !Number.isNaN(parseThreshold(value)), thresholdE)
        .optional()
        .describe('Smallest relative change treated as a regression or an improvement: "2%" or 0.02.'),
    },
    expecting('a mapping with match and direction, unit or threshold'),
  )
  .describe('Settings for the metrics whose names match a glob.');

export const SiteSchema = z
  .strictObject(
    {
      url: z
        .url({ protocol: /^https?$/, ...expecting('an http(s) URL') })
        .optional()
        .describe('Where the dashboard is published; PR comments link to it.'),
      title: z.string(expecting('a title')).min(1, expecting('a title')).optional().describe('Title of the dashboard; default: "<repository folder> benchmarks".'),
      notes: pathInsideSchema('folder').optional().describe('Folder of .mdx notes in the repository, published with the dashboard.'),
    },
    expecting('a mapping of url, title and notes'),
  )
  .describe('The static dashboard.');

export const CompareSchema = z
  .strictObject(
    {
      failOn: z
        .enum(['regression', 'never'], expecting('"regression" or "never"'))
        .default('regression')
        .describe('"regression": pitwall compare exits with 1 when a metric got significantly worse; "never": it only reports.'),
    },
    expecting('a mapping with failOn'),
  )
  .describe('Pull request checks that compare a branch with its merge base.');

export const ConfigFileSchema = z
  .strictObject(
    {
      branch: branchSchema('results').default('results').describe('Branch that holds the results, in this repository or in the remote.'),
      remote: z
        .string(remoteE)
        .refine(isRemote, remoteE)
        .optional()
        .describe('Git remote name or http(s) URL to push results to; default: keep them in this repository. The environment variable PITWALL_REMOTE overrides it.'),
      machine: nameSchema('machine')
        .optional()
        .describe('Name of this machine in the results; default: the host name, made path-safe. The environment variable PITWALL_MACHINE overrides it.'),
      mainBranch: branchSchema('main').default('main').describe('Branch whose history orders the commits on the dashboard.'),
      site: SiteSchema.optional(),
      suites: z.array(SuiteSchema, expecting('a list of suites')).default([]).describe('Benchmark suites, run in this order by pitwall run.'),
      metrics: z.array(MetricRuleSchema, expecting('a list of metric rules')).default([]).describe('Per-metric settings; the first rule whose glob matches a metric applies.'),
      compare: CompareSchema.optional(),
    },
    expecting('a mapping of settings such as suites'),
  )
  .meta({
    title: 'pitwall.yaml',
    description: 'Configuration of pitwall, the continuous-benchmarking runner, at the root of the benchmarked repository.',
  });

/** pitwall.yaml after validation, with the defaults that need no context filled in. */
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
export type SuiteFile = z.infer<typeof SuiteSchema>;
export type MetricRuleFile = z.infer<typeof MetricRuleSchema>;
