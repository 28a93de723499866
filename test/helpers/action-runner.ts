/**
 * Runs the composite action's own step scripts with bash, the way the GitHub
 * Actions runner does: each step's `if:` evaluated over the inputs, its `env`
 * and `working-directory` with `${{ }}` expressions replaced, a fresh
 * GITHUB_OUTPUT file per step whose lines become `steps.<id>.outputs`, and a
 * failed step skipping the rest. Steps that use other actions (setup-node) are
 * skipped; the install step is replaced by pointing PITWALL_BIN at this
 * checkout's CLI. The environment of each step is only what the caller passes
 * plus the step's own `env`, as on a runner.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ACTION_FILE = join(ROOT, '.github/actions/pitwall/action.yml');

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { steps: ActionStep[] };
}

export interface StepResult {
  name: string;
  id: string | undefined;
  outcome: 'success' | 'failure' | 'skipped';
  code: number | null;
  stdout: string;
  stderr: string;
  env: Record<string, string>;
}

export interface ActionRun {
  ok: boolean;
  steps: StepResult[];
  outputs: Record<string, Record<string, string>>;
  runnerTemp: string;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  /** The workspace: the checked-out repository. */
  cwd: string;
  /** The job's environment (GITHUB_* variables and the like); nothing else is inherited. */
  env?: Record<string, string>;
  runnerTemp?: string;
}

/** Tokens of the small expression language the action's conditions use. */
function tokenize(text: string): string[] {
  const tokens = text.match(/'[^']*'|==|!=|&&|\|\||!|\(|\)|[A-Za-z_][A-Za-z0-9_.-]*/g) ?? [];
  const rebuilt = tokens.join('').replace(/\s+/g, '');
  if (rebuilt !== text.replace(/\s+/g, '')) throw new Error(`cannot read the condition "${text}"`);
  return tokens;
}

/** Evaluates `inputs.x == 'y' && (a || !b)` over the inputs; other contexts are refused. */
export function evaluateCondition(text: string, inputs: Record<string, string>): boolean {
  const tokens = tokenize(text.replace(/^\$\{\{|\}\}$/g, '').trim());
  let i = 0;
  const value = (): string | boolean => {
    const token = tokens[i++];
    if (token === undefined) throw new Error(`condition "${text}" ends early`);
    if (token === '(') {
      const inner = or();
      if (tokens[i++] !== ')') throw new Error(`condition "${text}": missing )`);
      return inner;
    }
    if (token === '!') return !truthy(value());
    if (token.startsWith("'")) return token.slice(1, -1);
    if (token.startsWith('inputs.')) {
      const name = token.slice('inputs.'.length);
      const input = inputs[name];
      if (input === undefined) throw new Error(`condition "${text}" reads undeclared input ${name}`);
      return input;
    }
    throw new Error(`condition "${text}": unknown operand ${token}`);
  };
  const truthy = (v: string | boolean) => (typeof v === 'boolean' ? v : v !== '');
  const compare = (): string | boolean => {
    const left = value();
    const op = tokens[i];
    if (op === '==' || op === '!=') {
      i++;
      const right = value();
      return op === '==' ? left === right : left !== right;
    }
    return left;
  };
  const and = (): string | boolean => {
    let left = compare();
    while (tokens[i] === '&&') {
      i++;
      const right = compare();
      left = truthy(left) && truthy(right);
    }
    return left;
  };
  const or = (): string | boolean => {
    let left = and();
    while (tokens[i] === '||') {
      i++;
      const right = and();
      left = truthy(left) || truthy(right);
    }
    return left;
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`condition "${text}": unexpected ${tokens[i]}`);
  return truthy(result);
}

function substitute(text: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>>; actionPath: string }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([a-z-]+)$/.exec(expression))) return context.inputs[m[1]!] ?? '';
    if ((m = /^steps\.([a-z-]+)\.outputs\.([a-z-]+)$/.exec(expression))) return context.steps[m[1]!]?.[m[2]!] ?? '';
    if (expression === 'github.action_path') return context.actionPath;
    throw new Error(`no value for \${{ ${expression} }}`);
  });
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

export async function runActionSteps(options: RunActionOptions): Promise<ActionRun> {
  const action = parse(readFileSync(ACTION_FILE, 'utf8')) as ActionFile;
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = options.inputs[name] ?? (String(spec.default ?? '').includes('${{') ? '' : String(spec.default ?? ''));
  for (const name of Object.keys(options.inputs)) if (!(name in action.inputs)) throw new Error(`the action has no input "${name}"`);
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'pitwall-runner-temp-'));
  const steps: Record<string, Record<string, string>> = { install: { bin: join(ROOT, 'runner/cli.ts') } };
  const results: StepResult[] = [];
  const context = { inputs, steps, actionPath: dirname(ACTION_FILE) };
  let failed = false;
  for (const step of action.runs.steps) {
    const name = step.name ?? step.uses ?? '(step)';
    const skip = (outcome: 'skipped') => results.push({ name, id: step.id, outcome, code: null, stdout: '', stderr: '', env: {} });
    if (step.uses !== undefined || step.id === 'install') {
      skip('skipped');
      continue;
    }
    if (failed || (step.if !== undefined && !evaluateCondition(step.if, inputs))) {
      skip('skipped');
      continue;
    }
    const outputFile = join(runnerTemp, `output-${results.length}`);
    writeFileSync(outputFile, '');
    const stepEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(step.env ?? {})) stepEnv[key] = substitute(String(value), context);
    const env = {
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      HOME: process.env['HOME'] ?? '/tmp',
      TZ: 'UTC',
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
      ...options.env,
      ...stepEnv,
    };
    const cwd = resolve(options.cwd, substitute(step['working-directory'] ?? '.', context));
    // bash -e as the runner's default for `shell: bash` (bash --noprofile --norc -eo pipefail {0}).
    // Asynchronous, so that servers in the calling process (git, GitHub fakes) keep answering.
    const child = await runBash(step.run ?? '', cwd, env);
    const outcome = child.status === 0 ? 'success' : 'failure';
    if (step.id !== undefined) steps[step.id] = readOutputs(outputFile);
    results.push({ name, id: step.id, outcome, code: child.status, stdout: child.stdout, stderr: child.stderr, env: stepEnv });
    if (outcome === 'failure') failed = true;
  }
  return { ok: !failed, steps: results, outputs: steps, runnerTemp };
}
