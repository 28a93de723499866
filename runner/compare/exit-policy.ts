/**
 * What a comparison means for CI: the exit code and the commit status state.
 * `regression` (the default) fails on a significant regression or a run that
 * failed on head; `never` reports and always passes.
 */
import type { ComparisonSummary } from '../../results/analysis/compare.ts';
import { UsageError } from '../../results/errors.ts';
import type { CommitState } from '../github/commit-status.ts';

export const FAIL_ON_VALUES = ['regression', 'never'] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

export function parseFailOn(text: string): FailOn {
  if ((FAIL_ON_VALUES as readonly string[]).includes(text)) return text as FailOn;
  throw new UsageError('USAGE', `Invalid --fail-on "${text}": expected ${FAIL_ON_VALUES.map((v) => `"${v}"`).join(' or ')}`, {
    hint: 'Use --fail-on never to report without failing the job',
  });
}

export function isFailing(summary: ComparisonSummary): boolean {
  return summary.counts.regression > 0 || summary.counts.failedRuns > 0;
}

export function decideExitCode(summary: ComparisonSummary, failOn: FailOn): 0 | 1 {
  return failOn === 'regression' && isFailing(summary) ? 1 : 0;
}

/** The status follows the exit code, so `never` shows green with the verdict in its description. */
export function decideCommitState(summary: ComparisonSummary, failOn: FailOn): CommitState {
  return decideExitCode(summary, failOn) === 1 ? 'failure' : 'success';
}
