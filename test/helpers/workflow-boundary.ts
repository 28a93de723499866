/**
 * Which jobs can run pull request code on a self-hosted runner, modelled on
 * GitHub's documented semantics rather than on a workflow's own `if:`.
 *
 * GitHub decides which commit's workflow file runs for each event ("Events
 * that trigger workflows", GITHUB_SHA and GITHUB_REF per event):
 * - pull_request, pull_request_review, pull_request_review_comment: the
 *   pull request's merge commit, which the author of the pull request (a fork
 *   included) controls: they can delete any `if:`, change `runs-on` or add a
 *   workflow of their own. Nothing in such a file is a boundary.
 * - pull_request_target: the base branch's file, with a write token and the
 *   repository's secrets; the code is the pull request's if a step checks it out.
 * - issue_comment, workflow_run, schedule: the default branch's file. Anyone can
 *   comment, and a fork's pull_request run completing starts workflow_run, so
 *   the code they check out is the question.
 * - push, workflow_dispatch: the pushed or chosen ref, which needs write access.
 *
 * A self-hosted job is then safe when its file cannot come from a pull request
 * and, for the events an outsider can cause, it checks out either the default
 * branch or a commit a separate, GitHub-hosted job approved with
 * `pitwall authorize` (through the API), with a read-only token and no secrets.
 */

export type Yaml = Record<string, unknown>;

export interface Step {
  uses?: string;
  run?: string;
  with?: Yaml;
  id?: string;
  env?: Yaml;
}

export interface Job {
  'runs-on'?: unknown;
  if?: string;
  needs?: string | string[];
  steps?: Step[];
  permissions?: unknown;
  outputs?: Record<string, string>;
  concurrency?: unknown;
}

export interface Workflow {
  name?: string;
  on: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

/** Where GitHub takes the workflow file from, per event. */
export const WORKFLOW_SOURCE: Record<string, 'pull-request-merge-commit' | 'base-branch' | 'default-branch' | 'pushed-or-chosen-ref'> = {
  pull_request: 'pull-request-merge-commit',
  pull_request_review: 'pull-request-merge-commit',
  pull_request_review_comment: 'pull-request-merge-commit',
  pull_request_target: 'base-branch',
  issue_comment: 'default-branch',
  workflow_run: 'default-branch',
  schedule: 'default-branch',
  push: 'pushed-or-chosen-ref',
  workflow_dispatch: 'pushed-or-chosen-ref',
};

/** Events that someone without write access can cause. */
export const OUTSIDER_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment', 'pull_request_target', 'issue_comment', 'workflow_run']);

const GITHUB_HOSTED = /^(ubuntu|windows|macos)-[a-z0-9.-]+$/;

export function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys((on ?? {}) as Yaml);
}

export function labels(job: Job): string[] {
  const runsOn = job['runs-on'];
  if (typeof runsOn === 'string') return [runsOn];
  if (Array.isArray(runsOn)) return runsOn.map(String);
  if (typeof runsOn === 'object' && runsOn !== null) {
    const { labels: named, group } = runsOn as { labels?: unknown; group?: unknown };
    return [...(Array.isArray(named) ? named.map(String) : typeof named === 'string' ? [named] : []), ...(group === undefined ? [] : [`group:${String(group)}`])];
  }
  return [];
}

/** True unless every label names a GitHub-hosted image: a custom label or an expression may be a self-hosted runner. */
export function mayRunSelfHosted(job: Job): boolean {
  const list = labels(job);
  return list.length === 0 || !list.every((l) => GITHUB_HOSTED.test(l));
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

function isPitwallAction(uses: string | undefined): boolean {
  return uses !== undefined && /(^\.\/|\/)\.github\/actions\/pitwall(@|$)/.test(uses);
}

function hasWritePermission(permissions: unknown): boolean {
  if (permissions === undefined) return true; // the repository default may be write-all
  if (typeof permissions === 'string') return permissions !== 'read-all' && permissions !== '{}';
  return Object.values(permissions as Yaml).some((v) => v === 'write');
}

/** The job that approved `ref`, when ref is `${{ needs.<job>.outputs.<o> }}` of a GitHub-hosted job whose output comes from the pitwall action with authorize. */
function approvingJob(workflow: Workflow, job: Job, ref: string): string | null {
  const m = /^\$\{\{\s*needs\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(ref.trim());
  if (m === null || !needsOf(job).includes(m[1]!)) return null;
  const approver = workflow.jobs[m[1]!];
  if (approver === undefined || mayRunSelfHosted(approver)) return null;
  const output = approver.outputs?.[m[2]!] ?? '';
  const step = /^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.sha\s*\}\}$/.exec(output.trim());
  if (step === null) return null;
  const source = approver.steps?.find((s) => s.id === step[1]);
  return source !== undefined && isPitwallAction(source.uses) && String(source.with?.['authorize']) === 'true' ? m[1]! : null;
}

/** Every way, by GitHub's rules, that pull request code reaches a self-hosted runner in this workflow; empty when none. */
export function findBoundaryViolations(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  const events = triggers(workflow);
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (!mayRunSelfHosted(job)) continue;
    const where = `${file} job "${id}" (runs-on ${JSON.stringify(labels(job))})`;
    for (const event of events) {
      const source = WORKFLOW_SOURCE[event];
      if (source === 'pull-request-merge-commit') {
        problems.push(`${where} starts on ${event}, whose workflow file comes from the pull request's merge commit: a fork deletes the if: and runs anything here`);
        continue;
      }
      if (!OUTSIDER_EVENTS.has(event)) continue;
      const checkouts = (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/checkout@'));
      for (const checkout of checkouts) {
        const ref = checkout.with?.['ref'];
        if (ref === undefined || ref === 'main' || ref === '${{ github.sha }}') continue;
        const approver = approvingJob(workflow, job, String(ref));
        if (approver === null) {
          problems.push(`${where} on ${event} checks out ${JSON.stringify(ref)}, which is pull request code no API check approved`);
          continue;
        }
        if (hasWritePermission(job.permissions)) problems.push(`${where} runs approved pull request code with a write token: give it read permissions only`);
        if (JSON.stringify(job).includes('secrets.')) problems.push(`${where} runs approved pull request code and reads secrets`);
      }
      for (const step of job.steps ?? []) {
        if (step.run !== undefined && /refs\/pull\/|github\.event\.(pull_request|workflow_run|issue|comment)|github\.head_ref/.test(step.run)) {
          problems.push(`${where} on ${event} fetches or names pull request code in a script step`);
        }
        // Text an outsider writes (a comment, a branch name, a title) pasted into a step is code they choose.
        const pasted = JSON.stringify({ run: step.run, with: step.with, env: step.env }).match(/\$\{\{[^}]*github\.(event\.[a-z_.]+|head_ref)[^}]*\}\}/g) ?? [];
        for (const expression of pasted) problems.push(`${where} on ${event} passes ${expression} into a step on the bench machine`);
      }
    }
  }
  return problems;
}

/**
 * Jobs on GitHub-hosted runners that hold a write token on an event an
 * outsider causes: they must never run pull request code, so they check out
 * no pull request ref and run no suites.
 */
export function findTrustedJobViolations(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  const outsider = triggers(workflow).filter((e) => OUTSIDER_EVENTS.has(e));
  if (outsider.length === 0) return problems;
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (!hasWritePermission(job.permissions ?? workflow.permissions)) continue;
    for (const step of job.steps ?? []) {
      if (step.uses?.startsWith('actions/checkout@') && step.with?.['ref'] !== undefined) problems.push(`${file} job "${id}" holds a write token and checks out ${JSON.stringify(step.with['ref'])}`);
      if (isPitwallAction(step.uses) && (String(step.with?.['run'] ?? 'true') === 'true' || (String(step.with?.['compare']) === 'true' && step.with?.['load-runs'] === undefined))) {
        problems.push(`${file} job "${id}" holds a write token and benchmarks (run or compare without load-runs)`);
      }
    }
  }
  return problems;
}

/** Workflow-level concurrency is evaluated before any job's if:, so one with cancel-in-progress lets any event cancel a running benchmark. */
export function findConcurrencyViolations(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  if (workflow.concurrency !== undefined) problems.push(`${file}: concurrency at the workflow level; put it on the jobs`);
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (!mayRunSelfHosted(job)) continue;
    const concurrency = job.concurrency as { 'cancel-in-progress'?: unknown } | undefined;
    if (concurrency === undefined) problems.push(`${file} job "${id}": no job-level concurrency`);
    else if (concurrency['cancel-in-progress'] !== false) problems.push(`${file} job "${id}": a running benchmark can be cancelled`);
  }
  return problems;
}
