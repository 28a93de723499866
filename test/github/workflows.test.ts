/**
 * The composite action and the workflows, parsed with the yaml package and
 * checked for what GitHub needs and what keeps the bench machines safe.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { commands } from '../../runner/commands/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACTION_FILE = '.github/actions/pitwall/action.yml';
const PR_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'issue_comment'];
const TRUSTED = ['OWNER', 'MEMBER', 'COLLABORATOR'];

type Yaml = Record<string, unknown>;

interface Step {
  uses?: string;
  run?: string;
  shell?: string;
  with?: Yaml;
  if?: string;
  env?: Yaml;
  name?: string;
  id?: string;
  'working-directory'?: string;
}

interface Job {
  'runs-on'?: string | string[];
  if?: string;
  steps?: Step[];
  permissions?: Yaml;
  needs?: string | string[];
  environment?: Yaml;
  strategy?: Yaml;
}

interface Workflow {
  name?: string;
  on: Yaml | string | string[];
  permissions?: Yaml;
  jobs: Record<string, Job>;
}

function parseYaml<T>(path: string): T {
  const doc = parseDocument(readFileSync(`${ROOT}${path}`, 'utf8'), { prettyErrors: true });
  assert.deepEqual(doc.errors.map((e) => e.message), [], `${path} is valid YAML`);
  return doc.toJS() as T;
}

function workflowFiles(): string[] {
  const list = (dir: string) => readdirSync(`${ROOT}${dir}`).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${dir}/${f}`);
  return [...list('.github/workflows'), ...list('.github/examples')];
}

function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  return Array.isArray(on) ? on : Object.keys(on);
}

function labels(job: Job): string[] {
  const runsOn = job['runs-on'];
  return Array.isArray(runsOn) ? runsOn : runsOn === undefined ? [] : [runsOn];
}

function isPitwallAction(uses: string | undefined): boolean {
  return uses !== undefined && /(^\.\/|\/)\.github\/actions\/pitwall(@|$)/.test(uses);
}

/** Events a job can run on: those its `if` names with github.event_name ==, else all of the workflow's. */
function jobEvents(workflow: Workflow, job: Job): string[] {
  const named = [...(job.if ?? '').matchAll(/github\.event_name\s*==\s*'([a-z_]+)'/g)].map((m) => m[1] as string);
  return named.length > 0 ? named : triggers(workflow);
}

const action = parseYaml<{ inputs: Record<string, { description?: string; default?: unknown; required?: boolean }>; outputs: Record<string, { description?: string; value?: string }>; runs: { using: string; steps: Step[] } }>(ACTION_FILE);

test('every workflow and example parses, names its triggers and gives every job a runner and steps', () => {
  const files = workflowFiles();
  assert.ok(files.includes('.github/workflows/ci.yml'));
  assert.ok(files.filter((f) => f.startsWith('.github/examples/')).length >= 5);
  for (const file of files) {
    const workflow = parseYaml<Workflow>(file);
    assert.ok(typeof workflow.name === 'string' && workflow.name !== '', `${file} has a name`);
    assert.ok(triggers(workflow).length > 0, `${file} has triggers`);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      assert.ok(labels(job).length > 0, `${file} job ${id} says where it runs`);
      assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `${file} job ${id} has steps`);
      for (const step of job.steps ?? []) assert.ok((step.uses === undefined) !== (step.run === undefined), `${file} job ${id}: a step either uses an action or runs a script`);
    }
    if (file.startsWith('.github/examples/')) assert.match(file, /\/example-[a-z-]+\.yml$/, 'examples are named example-*.yml');
  }
});

test('every workflow states its token permissions', () => {
  for (const file of workflowFiles()) {
    const workflow = parseYaml<Workflow>(file);
    assert.ok(workflow.permissions !== undefined || Object.values(workflow.jobs).every((j) => j.permissions !== undefined), `${file} sets permissions instead of the broad default`);
  }
  const ci = parseYaml<Workflow>('.github/workflows/ci.yml');
  assert.deepEqual(ci.permissions, { contents: 'read' });
  const pr = parseYaml<Workflow>('.github/examples/example-pull-request.yml');
  assert.deepEqual(pr.permissions, { contents: 'write', 'pull-requests': 'write', statuses: 'write' });
  const pages = parseYaml<Workflow>('.github/examples/example-pages.yml');
  assert.deepEqual(pages.permissions, { contents: 'read' });
  assert.deepEqual(pages.jobs['deploy']?.permissions, { pages: 'write', 'id-token': 'write' });
  assert.equal(pages.jobs['deploy']?.environment?.['name'], 'github-pages');
  assert.deepEqual(pages.jobs['deploy']?.steps?.map((s) => s.uses), ['actions/deploy-pages@v4']);
  assert.ok(pages.jobs['build']?.steps?.some((s) => s.uses === 'actions/upload-pages-artifact@v3'));
});

test('this repository\'s CI runs .ci/run and only examples trigger on a bench machine', () => {
  const ci = parseYaml<Workflow>('.github/workflows/ci.yml');
  assert.ok(Object.values(ci.jobs).some((job) => job.steps?.some((s) => s.run?.trim() === 'bash .ci/run')));
  for (const file of workflowFiles().filter((f) => f.startsWith('.github/workflows/'))) {
    const workflow = parseYaml<Workflow>(file);
    for (const job of Object.values(workflow.jobs)) assert.ok(!labels(job).includes('self-hosted'), `${file} runs in this repository, on GitHub-hosted runners only`);
  }
});

test('the example triggers cover main, pull requests, a nightly schedule, Pages and a machine matrix', () => {
  const main = parseYaml<Workflow>('.github/examples/example-main.yml');
  assert.deepEqual((main.on as Yaml)['push'], { branches: ['main'] });
  assert.ok(labels(main.jobs['bench']!).includes('self-hosted'));
  const nightly = parseYaml<Workflow>('.github/examples/example-nightly.yml');
  assert.match(((nightly.on as Yaml)['schedule'] as { cron: string }[])[0]!.cron, /^\d+ \d+ \* \* \*$/);
  const matrix = parseYaml<Workflow>('.github/examples/example-matrix.yml');
  const machines = (matrix.jobs['bench']?.strategy?.['matrix'] as { machine: string[] }).machine;
  assert.ok(machines.length >= 2);
  assert.deepEqual(labels(matrix.jobs['bench']!), ['self-hosted', '${{ matrix.machine }}']);
  const pitwallStep = matrix.jobs['bench']?.steps?.find((s) => isPitwallAction(s.uses));
  assert.equal(pitwallStep?.with?.['machine'], '${{ matrix.machine }}', 'each machine records its own name');
  const pages = parseYaml<Workflow>('.github/examples/example-pages.yml');
  const after = ((pages.on as Yaml)['workflow_run'] as { workflows: string[] }).workflows;
  const names = workflowFiles().map((f) => parseYaml<Workflow>(f).name);
  for (const name of after) assert.ok(names.includes(name), `Pages waits for "${name}", which exists`);
  const pr = parseYaml<Workflow>('.github/examples/example-pull-request.yml');
  assert.deepEqual(triggers(pr).sort(), ['issue_comment', 'pull_request', 'pull_request_review']);
});

test('no pull request code reaches a self-hosted runner without a gate', () => {
  for (const file of workflowFiles()) {
    const workflow = parseYaml<Workflow>(file);
    assert.ok(!triggers(workflow).includes('pull_request_target'), `${file}: pull_request_target runs with write access and secrets; pitwall's examples do not use it`);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      if (!labels(job).includes('self-hosted')) continue;
      const condition = (job.if ?? '').replace(/\s+/g, ' ');
      const trusted = `contains(fromJSON('${JSON.stringify(TRUSTED).replace(/,/g, ', ')}')`;
      for (const event of jobEvents(workflow, job).filter((e) => PR_EVENTS.includes(e))) {
        const where = `${file} job ${id} on ${event}`;
        if (event === 'pull_request') {
          assert.ok(condition.includes('github.event.pull_request.head.repo.full_name == github.repository'), `${where}: only branches of this repository`);
        } else if (event === 'pull_request_review') {
          assert.ok(condition.includes("github.event.review.state == 'approved'"), `${where}: only approving reviews`);
          assert.ok(condition.includes(`${trusted}, github.event.review.author_association)`), `${where}: only by an owner, member or collaborator`);
          const checkout = job.steps?.find((s) => s.uses?.startsWith('actions/checkout@'));
          assert.equal(checkout?.with?.['ref'], '${{ github.event.review.commit_id }}', `${where}: the approved commit, not a later push`);
          const pitwall = job.steps?.find((s) => isPitwallAction(s.uses));
          assert.equal(String(pitwall?.with?.['push']), 'false', `${where}: fork events get a read-only token`);
        } else if (event === 'issue_comment') {
          assert.ok(condition.includes('github.event.issue.pull_request'), `${where}: only comments on pull requests`);
          assert.ok(condition.includes("startsWith(github.event.comment.body, '/pitwall bench')"), `${where}: only the /pitwall bench command`);
          assert.ok(condition.includes(`${trusted}, github.event.comment.author_association)`), `${where}: only by an owner, member or collaborator`);
        } else {
          assert.fail(`${where}: no gate is known for this event`);
        }
      }
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('actions/checkout@')) assert.equal(step.with?.['persist-credentials'], false, `${file} job ${id}: the checkout leaves no token in .git/config on the runner`);
      }
    }
  }
});

test('every input of the action is documented with a default, and its scripts never paste inputs into shell code', () => {
  assert.equal(action.runs.using, 'composite');
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.ok(typeof input.description === 'string' && input.description.length > 20, `input ${name} has a description`);
    assert.equal(typeof input.default, 'string', `input ${name} has a default (a string, as GitHub passes them)`);
  }
  for (const [name, output] of Object.entries(action.outputs)) assert.ok(output.description && output.value, `output ${name} is documented`);
  for (const input of ['run', 'compare', 'build', 'config', 'token', 'site-dir', 'base-path', 'comment', 'fail-on', 'confirm', 'node-version']) {
    assert.ok(input in action.inputs, `the action takes "${input}"`);
  }
  assert.equal(action.inputs['run']?.default, 'true');
  assert.equal(action.inputs['compare']?.default, 'false');
  assert.equal(action.inputs['build']?.default, 'false');
  for (const step of action.runs.steps) {
    if (step.run === undefined) continue;
    assert.equal(step.shell, 'bash', `step "${step.name}" names its shell, as composite actions must`);
    assert.ok(!/\$\{\{/.test(step.run), `step "${step.name}" reads inputs from env, not from \${{ }} in the script`);
  }
  const used = new Set<string>();
  for (const step of action.runs.steps) {
    for (const value of [step.if ?? '', step['working-directory'] ?? '', ...Object.values(step.env ?? {}).map(String), ...Object.values(step.with ?? {}).map(String)]) {
      for (const m of value.matchAll(/inputs\.([a-z-]+)/g)) used.add(m[1] as string);
    }
  }
  for (const name of used) assert.ok(name in action.inputs, `the action reads inputs.${name}, which it declares`);
  for (const name of Object.keys(action.inputs)) assert.ok(used.has(name), `input ${name} is used`);
});

test('every use of the pitwall action passes only inputs it declares', () => {
  let uses = 0;
  for (const file of workflowFiles()) {
    const workflow = parseYaml<Workflow>(file);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (!isPitwallAction(step.uses)) continue;
        uses++;
        assert.match(step.uses ?? '', /^(\.\/\.github\/actions\/pitwall|[\w.-]+\/pitwall\/\.github\/actions\/pitwall@[\w./-]+)$/);
        for (const key of Object.keys(step.with ?? {})) assert.ok(key in action.inputs, `${file} job ${id} passes "${key}", which the action declares`);
      }
    }
  }
  assert.ok(uses >= 6);
});

/**
 * The pitwall calls in a step's script, each with the options it can pass: its
 * own, and those added to the bash arrays it expands (`args+=(--run)` then
 * `"${args[@]}"`).
 */
function listCalls(script: string): { command: string; options: string[] }[] {
  const arrays = new Map<string, string[]>();
  const calls: { command: string; options: string[] }[] = [];
  for (const line of script.split('\n')) {
    for (const m of line.matchAll(/([a-z_]+)\+?=\(([^)]*)\)/g)) {
      const list = arrays.get(m[1] as string) ?? [];
      list.push(...((m[2] as string).match(/--[a-z-]+/g) ?? []));
      arrays.set(m[1] as string, list);
    }
    const call = /node "\$PITWALL_BIN" ([a-z]+)(.*)$/.exec(line);
    if (call === null) continue;
    const rest = call[2] as string;
    const options = [...(rest.match(/--[a-z-]+/g) ?? [])];
    for (const m of rest.matchAll(/\$\{([a-z_]+)\[@\]\}/g)) options.push(...(arrays.get(m[1] as string) ?? []));
    calls.push({ command: call[1] as string, options });
  }
  return calls;
}

test('the commands and options the action runs exist in the CLI', async () => {
  const calls = action.runs.steps.flatMap((step) => (step.run === undefined ? [] : listCalls(step.run)));
  assert.deepEqual([...new Set(calls.map((c) => c.command))].sort(), ['build', 'compare', 'push', 'run']);
  assert.ok(calls.find((c) => c.command === 'compare')?.options.includes('--comment'), 'options are found');
  for (const { command, options } of calls) {
    const entry = commands[command];
    assert.ok(entry !== undefined, `"pitwall ${command}" is registered in runner/commands/index.ts`);
    const { help } = await entry.load();
    for (const option of options) assert.ok(new RegExp(`${option}\\b`).test(help), `"pitwall ${command} --help" documents ${option}`);
  }
});
