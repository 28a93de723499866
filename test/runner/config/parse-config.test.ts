import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ConfigError, type ConfigProblem } from '../../../runner/config/config-error.ts';
import { parseConfigText } from '../../../runner/config/parse-config.ts';

const FIXTURES = new URL('../../fixtures/configs/', import.meta.url);

async function readFixture(name: string): Promise<string> {
  return readFile(new URL(name, FIXTURES), 'utf8');
}

/** The problems of an invalid config, as [path, line, column] for exact comparison. */
function problemsOf(text: string, code = 'CONFIG_INVALID', formats?: readonly string[]): ConfigProblem[] {
  try {
    parseConfigText(text, 'pitwall.yaml', { formats });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.code, code);
    return [...error.problems];
  }
  assert.fail('expected the config to be rejected');
}

function placesOf(problems: readonly ConfigProblem[]): [string, number, number][] {
  return problems.map((problem) => [problem.path, problem.line, problem.column]);
}

test('every problem in a file is reported at once, in file order, each at its line and column', async () => {
  const problems = problemsOf(await readFixture('many-problems.yaml'));
  assert.deepEqual(placesOf(problems), [
    ['remote', 3, 9],
    ['machien', 4, 1],
    ['suites[0].repeat', 8, 13],
    ['suites[0].repat', 9, 5],
    ['suites[0].timeout', 10, 14],
    ['suites[1].name', 11, 11],
    ['suites[1].command', 13, 5],
    ['suites[2]', 14, 5],
    ['suites[2].name', 14, 11],
    ['suites[2].env["NODE-ENV"]', 15, 12],
    ['metrics[0].match', 17, 12],
    ['metrics[0].direction', 18, 16],
    ['metrics[0].threshold', 19, 16],
    ['compare.failOn', 21, 11],
  ]);
  assert.ok(problems.every((problem) => problem.file === 'pitwall.yaml'));
});

test('the message of CONFIG_INVALID has one file:line:column line per problem', async () => {
  try {
    parseConfigText(await readFixture('many-problems.yaml'), 'pitwall.yaml');
    assert.fail('expected a rejection');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const lines = error.message.split('\n').slice(1);
    assert.equal(lines.length, error.problems.length);
    assert.match(lines[2] ?? '', /^ {2}pitwall\.yaml:8:13: suites\[0\]\.repeat: /);
    assert.ok(error.hint !== undefined);
  }
});

test('a value of the wrong type or out of range says what was found', () => {
  const [problem] = problemsOf('suites:\n  - name: a\n    command: x\n    repeat: 0\n');
  assert.deepEqual(placesOf([problem!]), [['suites[0].repeat', 4, 13]]);
  assert.match(problem!.message, /, got 0$/);
});

test('an unknown key points at the key and suggests the closest known one', () => {
  const problems = problemsOf('suites:\n  - name: a\n    command: x\n    repat: 3\nmainbranch: main\ncolour: red\n');
  assert.deepEqual(placesOf(problems), [
    ['suites[0].repat', 4, 5],
    ['mainbranch', 5, 1],
    ['colour', 6, 1],
  ]);
  assert.match(problems[0]!.message, /did you mean "repeat"\?/);
  assert.match(problems[1]!.message, /did you mean "mainBranch"\?/);
  assert.doesNotMatch(problems[2]!.message, /did you mean/);
});

test('a missing key is reported where its mapping starts', () => {
  const problems = problemsOf('suites:\n  - command: x\nmetrics:\n  - unit: ms\n');
  assert.deepEqual(placesOf(problems), [
    ['suites[0].name', 2, 5],
    ['metrics[0].match', 4, 5],
  ]);
});

test('a suite needs exactly one of command and script', () => {
  const problems = problemsOf('suites:\n  - name: both\n    command: x\n    script: y.sh\n  - name: neither\n    repeat: 2\n');
  assert.deepEqual(placesOf(problems), [
    ['suites[0].script', 4, 5],
    ['suites[1]', 5, 5],
  ]);
});

test('duplicate suite names are reported on the later suite', () => {
  const problems = problemsOf('suites:\n  - name: a\n    command: x\n  - name: b\n    command: y\n  - name: a\n    command: z\n');
  assert.deepEqual(placesOf(problems), [['suites[2].name', 6, 11]]);
});

test('names, branches, remotes and paths are checked', () => {
  const text = [
    'branch: "bad..branch"', // 1
    'mainBranch: -main', // 2
    'remote: ssh://git@example.org/x.git', // 3
    'machine: ../etc', // 4
    'site:', // 5
    '  url: not a url', // 6
    '  notes: ../outside', // 7
    'suites:', // 8
    '  - name: .hidden', // 9
    '    script: /usr/bin/bench', // 10
    '    cwd: a/../../b', // 11
    '    format: Not-A-Format', // 12
  ].join('\n');
  assert.deepEqual(placesOf(problemsOf(text)), [
    ['branch', 1, 9],
    ['mainBranch', 2, 13],
    ['remote', 3, 9],
    ['machine', 4, 10],
    ['site.url', 6, 8],
    ['site.notes', 7, 10],
    ['suites[0].name', 9, 11],
    ['suites[0].script', 10, 13],
    ['suites[0].cwd', 11, 10],
    ['suites[0].format', 12, 13],
  ]);
});

test('bad durations and thresholds are reported', () => {
  const text = [
    'suites:',
    '  - name: a',
    '    command: x',
    '    timeout: 10 minutes',
    '  - name: b',
    '    command: x',
    '    timeout: 0',
    '  - name: c',
    '    command: x',
    '    timeout: 30d',
    'metrics:',
    '  - match: a',
    '    threshold: 2', // a fraction above 1: the author meant 2 %
    '  - match: b',
    '    threshold: "150%"',
    '  - match: c',
    '    threshold: -0.1',
  ].join('\n');
  assert.deepEqual(placesOf(problemsOf(text)), [
    ['suites[0].timeout', 4, 14],
    ['suites[1].timeout', 7, 14],
    ['suites[2].timeout', 10, 14],
    ['metrics[0].threshold', 13, 16],
    ['metrics[1].threshold', 15, 16],
    ['metrics[2].threshold', 17, 16],
  ]);
});

test('bad globs are reported with the reason', () => {
  // "a//b" and "/a" are names with empty segments (built from paths), matched literally.
  const text = ['metrics:', '  - match: ""', '  - match: a//b', '  - match: "/a"', '  - match: parse/**x', '  - match: parse/**'].join('\n');
  assert.deepEqual(placesOf(problemsOf(text)), [
    ['metrics[0].match', 2, 12],
    ['metrics[3].match', 5, 12],
  ]);
});

test('environment variables need plain names and scalar values', () => {
  const problems = problemsOf('suites:\n  - name: a\n    command: x\n    env:\n      OK: 1\n      2BAD: x\n      LIST: [1, 2]\n');
  assert.deepEqual(placesOf(problems), [
    ['suites[0].env["2BAD"]', 6, 7],
    ['suites[0].env.LIST', 7, 13],
  ]);
});

test('a top level that is not a mapping is reported at line 1', () => {
  assert.deepEqual(placesOf(problemsOf('- name: a\n')), [['', 1, 1]]);
  assert.deepEqual(placesOf(problemsOf('suites: parse\n')), [['suites', 1, 9]]);
});

test('an empty value is reported where it should be', () => {
  const problems = problemsOf('suites:\n  - name: a\n    command: x\n    warmup:\n');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, 'suites[0].warmup');
  assert.equal(problems[0]!.line, 4);
  assert.match(problems[0]!.message, /got an empty value$/);
  assert.deepEqual(placesOf(problemsOf('suites:\n  -\n  - name: x\n    command: y\n')), [['suites[0]', 2, 4]]);
});

test('values reached through YAML aliases are located at the anchor', () => {
  const text = 'suites:\n  - &base\n    name: a\n    command: x\n    repeat: many\n  - *base\n';
  const problems = problemsOf(text);
  // The duplicate name and the bad repeat of the alias both live in the anchored mapping.
  assert.deepEqual(placesOf(problems), [
    ['suites[1].name', 3, 11],
    ['suites[0].repeat', 5, 13],
    ['suites[1].repeat', 5, 13],
  ]);
});

test('YAML syntax errors fail with CONFIG_SYNTAX at their line and column', async () => {
  const problems = problemsOf(await readFixture('syntax-error.yaml'), 'CONFIG_SYNTAX');
  assert.deepEqual(placesOf(problems), [['', 4, 1]]);
});

test('every YAML syntax error is reported, including duplicate keys', () => {
  const problems = problemsOf('branch: a\nbranch: b\nsuites: [\n', 'CONFIG_SYNTAX');
  assert.ok(problems.length >= 2);
  assert.deepEqual(placesOf(problems.slice(0, 1)), [['', 2, 1]]);
});

test('a valid config parses to its on-disk shape with static defaults', async () => {
  const config = parseConfigText(await readFixture('minimal.yaml'), 'pitwall.yaml');
  assert.deepEqual(config, {
    branch: 'results',
    mainBranch: 'main',
    suites: [{ name: 'parse', command: 'node bench/parse.mjs', repeat: 1, warmup: 0, timeout: '10m', format: 'pitwall' }],
    metrics: [],
  });
});
