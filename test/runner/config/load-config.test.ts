import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sanitizeMachineName } from '../../../results/layout.ts';
import { ConfigError } from '../../../runner/config/config-error.ts';
import { loadConfig } from '../../../runner/config/load-config.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/configs/', import.meta.url));

async function makeRepo(t: { after: (fn: () => Promise<void>) => void }, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pitwall-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<Error & { code: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    assert.equal((error as { code?: unknown }).code, code);
    return error as Error & { code: string };
  }
  assert.fail(`expected a rejection with code ${code}`);
}

test('loadConfig resolves every setting of a full config', async () => {
  const config = await loadConfig({ cwd: FIXTURES, file: 'full.yaml', env: {} });
  assert.equal(config.file, join(FIXTURES, 'full.yaml'));
  assert.equal(config.branch, 'bench-results');
  assert.equal(config.remote, 'https://git.example.org/acme/parser.git');
  assert.equal(config.machine, 'bench-1');
  assert.equal(config.mainBranch, 'trunk');
  assert.deepEqual(config.site, { url: 'https://acme.github.io/parser/', title: 'parser benchmarks', notes: 'docs/perf-notes' });
  assert.deepEqual(config.compare, { failOn: 'never' });
  assert.deepEqual(config.suites, [
    {
      name: 'parse',
      command: 'node bench/parse.mjs',
      script: null,
      repeat: 5,
      warmup: 1,
      timeoutSeconds: 90,
      env: { NODE_ENV: 'production', THREADS: '4', TRACE: 'false' },
      cwd: 'packages/parser',
      format: 'pitwall',
    },
    {
      name: 'render.small',
      command: null,
      script: 'bench/render.sh',
      repeat: 1,
      warmup: 0,
      timeoutSeconds: 5400,
      env: {},
      cwd: null,
      format: 'auto',
    },
  ]);
  assert.deepEqual(config.metrics, [
    { match: 'parse/**', direction: -1, unit: 'ms', threshold: 0.02 },
    { match: '*/throughput', direction: 1, unit: null, threshold: 0.05 },
    { match: 'memory', direction: 0, unit: null, threshold: null },
  ]);
});

test('loadConfig fills the defaults of a minimal config', async (t) => {
  const repo = await makeRepo(t, { 'pitwall.yaml': 'suites:\n  - name: parse\n    command: node bench/parse.mjs\n' });
  const config = await loadConfig({ cwd: repo, env: {} });
  assert.equal(config.file, join(repo, 'pitwall.yaml'));
  assert.equal(config.branch, 'results');
  assert.equal(config.remote, null);
  assert.equal(config.machine, sanitizeMachineName(hostname()));
  assert.equal(config.mainBranch, 'main');
  assert.deepEqual(config.site, { url: null, title: `${basename(repo)} benchmarks`, notes: null });
  assert.deepEqual(config.compare, { failOn: 'regression' });
  assert.deepEqual(config.metrics, []);
  assert.deepEqual(config.suites, [
    { name: 'parse', command: 'node bench/parse.mjs', script: null, repeat: 1, warmup: 0, timeoutSeconds: 600, env: {}, cwd: null, format: 'pitwall' },
  ]);
});

test('loadConfig finds pitwall.yml too', async (t) => {
  const repo = await makeRepo(t, { 'pitwall.yml': 'machine: from-yml\n' });
  const config = await loadConfig({ cwd: repo, env: {} });
  assert.equal(config.machine, 'from-yml');
  assert.equal(config.file, join(repo, 'pitwall.yml'));
});

test('loadConfig treats an empty file as all defaults', async (t) => {
  const repo = await makeRepo(t, { 'pitwall.yaml': '# nothing yet\n' });
  const config = await loadConfig({ cwd: repo, env: {} });
  assert.deepEqual(config.suites, []);
  assert.equal(config.branch, 'results');
});

test('loadConfig without a config file fails with CONFIG_NOT_FOUND and an example in the hint', async (t) => {
  const repo = await makeRepo(t);
  const error = await rejectsWith(loadConfig({ cwd: repo, env: {} }), 'CONFIG_NOT_FOUND');
  assert.match(error.hint ?? '', /suites:/);
});

test('loadConfig with allowMissing returns the defaults and no suites', async (t) => {
  const repo = await makeRepo(t);
  const config = await loadConfig({ cwd: repo, env: { PITWALL_MACHINE: 'ci-1' }, allowMissing: true });
  assert.equal(config.file, null);
  assert.deepEqual(config.suites, []);
  assert.equal(config.branch, 'results');
  assert.equal(config.machine, 'ci-1');
});

test('loadConfig fails with CONFIG_NOT_FOUND for a named file that is absent, even with allowMissing', async (t) => {
  const repo = await makeRepo(t);
  await rejectsWith(loadConfig({ cwd: repo, file: 'other.yaml', env: {}, allowMissing: true }), 'CONFIG_NOT_FOUND');
});

test('loadConfig refuses to choose between pitwall.yaml and pitwall.yml', async (t) => {
  const repo = await makeRepo(t, { 'pitwall.yaml': '{}\n', 'pitwall.yml': '{}\n' });
  await rejectsWith(loadConfig({ cwd: repo, env: {} }), 'CONFIG_AMBIGUOUS');
});

test('loadConfig reports a config that is a folder as CONFIG_UNREADABLE', async (t) => {
  const repo = await makeRepo(t, { 'pitwall.yaml/keep': '' });
  await rejectsWith(loadConfig({ cwd: repo, env: {} }), 'CONFIG_UNREADABLE');
});

test('PITWALL_MACHINE and PITWALL_REMOTE override the config', async () => {
  const config = await loadConfig({
    cwd: FIXTURES,
    file: 'full.yaml',
    env: { PITWALL_MACHINE: 'ci-linux-x64', PITWALL_REMOTE: 'upstream' },
  });
  assert.equal(config.machine, 'ci-linux-x64');
  assert.equal(config.remote, 'upstream');
});

test('empty PITWALL_MACHINE and PITWALL_REMOTE count as unset', async () => {
  const config = await loadConfig({ cwd: FIXTURES, file: 'full.yaml', env: { PITWALL_MACHINE: '', PITWALL_REMOTE: '' } });
  assert.equal(config.machine, 'bench-1');
  assert.equal(config.remote, 'https://git.example.org/acme/parser.git');
});

test('an invalid PITWALL_MACHINE or PITWALL_REMOTE fails with ENV_INVALID', async () => {
  await rejectsWith(loadConfig({ cwd: FIXTURES, file: 'full.yaml', env: { PITWALL_MACHINE: 'my laptop' } }), 'ENV_INVALID');
  await rejectsWith(loadConfig({ cwd: FIXTURES, file: 'full.yaml', env: { PITWALL_REMOTE: 'git@github.com:acme/parser.git' } }), 'ENV_INVALID');
});

test('problems name the config file relative to the working directory', async () => {
  const error = await rejectsWith(loadConfig({ cwd: join(FIXTURES, '..'), file: 'configs/many-problems.yaml', env: {} }), 'CONFIG_INVALID');
  assert.ok(error instanceof ConfigError);
  assert.ok(error.problems.every((problem) => problem.file === 'configs/many-problems.yaml'));
});

test('loadConfig checks suite formats against the adapters it is given', async (t) => {
  const repo = await makeRepo(t, { 'pitwall.yaml': 'suites:\n  - name: a\n    command: x\n    format: hyperfin\n' });
  await loadConfig({ cwd: repo, env: {} });
  const error = await rejectsWith(loadConfig({ cwd: repo, env: {}, formats: ['hyperfine', 'criterion'] }), 'CONFIG_INVALID');
  assert.ok(error instanceof ConfigError);
  assert.deepEqual(
    error.problems.map((p) => [p.path, p.line, p.column]),
    [['suites[0].format', 4, 13]],
  );
  assert.match(error.problems[0]?.message ?? '', /"hyperfine"/);
});
