/**
 * Every suite example the user reads (README.md, results/README.md, every
 * --help text and the adapters' example commands that `pitwall convert --help`
 * shows, the config hints) runs here through the real CLI with `--commit`, as
 * written, and must give an ok run with the metrics it should. An example
 * with no case below fails the first test: an example that is not run does
 * not go into the docs.
 *
 * Harnesses this machine lacks (dotnet, asv, cargo, go, java, pytest, a
 * Catch2 or Google Benchmark binary) are stood in for by small programs that
 * write a recorded output of that tool where the tool writes it; hyperfine,
 * node, git and the shell are the real ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, stringify } from 'yaml';
import { runCli, git, makeProject } from './helpers/cli.ts';
import { commands } from '../runner/commands/index.ts';
import { adapters, ADAPTER_NAMES } from '../runner/adapters/index.ts';
import { MINIMAL_CONFIG_EXAMPLE } from '../runner/config/load-config.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'adapters');

type Suite = Record<string, unknown> & { name: string };

interface Documented {
  where: string;
  suite: Suite;
  /** The whole config the example came from, when it is one. */
  config?: string;
}

function suitesOf(text: string): Suite[] {
  const value = parseDocument(text).toJS() as { suites?: Suite[] } | null;
  return Array.isArray(value?.suites) ? value.suites : [];
}

async function documentedSuites(): Promise<Documented[]> {
  const found: Documented[] = [];
  for (const file of ['README.md', 'results/README.md']) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const [i, block] of [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].entries()) {
      const yaml = block[1] ?? '';
      for (const suite of suitesOf(yaml)) found.push({ where: `${file}, yaml block ${i + 1}`, suite, config: yaml });
    }
  }
  for (const [name, entry] of Object.entries(commands)) {
    const help = (await entry.load()).help;
    // A help text that shows a config shows it as an indented YAML snippet.
    for (const snippet of help.match(/^( *)suites:\n(?:\1 +.*\n?)+/gm) ?? []) {
      for (const suite of suitesOf(snippet)) found.push({ where: `pitwall ${name} --help`, suite });
    }
  }
  for (const name of ADAPTER_NAMES) {
    found.push({ where: `pitwall convert --help (${name})`, suite: { name, command: adapters[name].example, format: name } });
  }
  for (const suite of suitesOf(MINIMAL_CONFIG_EXAMPLE)) found.push({ where: 'the hint for a missing pitwall.yaml', suite });
  return found;
}

/** How to make an example's world: files in the repository, programs on the PATH, the metrics expected. */
interface Case {
  files?: Record<string, string>;
  executable?: string[];
  /** Programs standing in for tools this machine lacks. */
  bin?: Record<string, string>;
  metrics: string[];
}

const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

/** The metrics an adapter reads from a fixture: the run must deliver exactly these. */
async function metricsOf(format: string, path: string): Promise<string[]> {
  const { parseWithFormat } = await import('../runner/adapters/index.ts');
  return parseWithFormat(format, fixture(path), path).measurements.map((m) => m.metric);
}

/** A stand-in that writes `path`'s content to the file named after `flag` (as `--flag=FILE` or `--flag FILE`). */
function writerTo(flag: string, path: string): string {
  return `#!/bin/sh
out=""
prev=""
for arg in "$@"; do
  case "$arg" in ${flag}=*) out="\${arg#${flag}=}" ;; esac
  [ "$prev" = "${flag}" ] && out="$arg"
  prev="$arg"
done
[ -n "$out" ] || { echo "no ${flag} given" >&2; exit 2; }
cat > "$out" <<'PITWALL_FIXTURE'
${fixture(path)}
PITWALL_FIXTURE
`;
}

function printer(path: string): string {
  return `#!/bin/sh\ncat <<'PITWALL_FIXTURE'\n${fixture(path)}\nPITWALL_FIXTURE\n`;
}

const TOOL = '#!/bin/sh\n# a command under test: reads its input\ncat "$1" > /dev/null\n';

async function cases(): Promise<Map<string, Case>> {
  const byCommand = new Map<string, Case>();
  const add = (key: string, c: Case) => byCommand.set(key, c);
  // README: the configuration example.
  add('node bench/parse.mjs "$1" "$2"', {
    files: { 'packages/parser/bench/parse.mjs': 'import { writeFileSync } from "node:fs";\nif (process.env.NODE_ENV !== "production") process.exit(3);\nwriteFileSync(process.argv[3], JSON.stringify({ metric: "parse/small", samples: [1.2, 1.3], unit: "ms" }) + "\\n");\n' },
    metrics: ['parse/small'],
  });
  // README and convert --help: hyperfine, the real one.
  for (const warmup of [1, 2]) {
    add(`hyperfine --warmup ${warmup} --export-json "$2" "./target/release/tool input.txt"`, {
      files: { 'target/release/tool': TOOL, 'input.txt': 'hello\n' }, executable: ['target/release/tool'],
      metrics: ['./target/release/tool input.txt', './target/release/tool input.txt//user', './target/release/tool input.txt//system'],
    });
  }
  // README: the patterns of the bench-script contract.
  add('bench/main.sh', {
    files: { 'bench/main.sh': '#!/bin/sh\nprintf \'{"metric":"files","value":%s}\\n\' "$(git -C "$1" ls-files | wc -l)" > "$2"\n' }, executable: ['bench/main.sh'], metrics: ['files'],
  });
  add('node "$1/bench/run.mjs" "$1" "$2"', {
    files: { 'bench/run.mjs': 'import { writeFileSync } from "node:fs";\nwriteFileSync(process.argv[3], JSON.stringify({ metric: "index/build", value: 12, unit: "ms" }) + "\\n");\n' }, metrics: ['index/build'],
  });
  add('./bench/run.sh --out bench-results.jsonl && cp bench-results.jsonl "$2"', {
    files: { 'bench/run.sh': `#!/bin/sh\n[ "$1" = --out ] || exit 2\nprintf '{"metric":"copied","value":3,"unit":"s"}\\n' > "$2"\n` }, executable: ['bench/run.sh'], metrics: ['copied'],
  });
  add('echo \'pitwall::measurement={"metric":"startup","value":12.5,"unit":"ms"}\'', { metrics: ['startup'] });
  // The hint for a missing config.
  add('node bench/parse.mjs "$1" "$2"#hint', { files: { 'bench/parse.mjs': 'import { writeFileSync } from "node:fs";\nwriteFileSync(process.argv[3], JSON.stringify({ metric: "parse", value: 1 }) + "\\n");\n' }, metrics: ['parse'] });
  // convert --help: each adapter's example command.
  const asvResult = fixture('asv/all-measured.json');
  add(adapters.asv.example, {
    bin: { asv: `#!/bin/sh\n# stands in for airspeed velocity: a results file named by the commit, as asv names it\nsha=$(git rev-parse HEAD)\nmkdir -p .asv/results/ci-runner\nsed "s/\\"COMMIT\\"/\\"$sha\\"/" > ".asv/results/ci-runner/$(echo "$sha" | cut -c1-8)-virtualenv-py3.12.json" <<'PITWALL_FIXTURE'\n${asvResult}\nPITWALL_FIXTURE\n` },
    metrics: await metricsOf('asv', 'asv/all-measured.json'),
  });
  add(adapters.benchmarkdotnet.example, {
    bin: { dotnet: `#!/bin/sh\n# stands in for dotnet run with BenchmarkDotNet's JSON exporter\nmkdir -p BenchmarkDotNet.Artifacts/results\ncat > BenchmarkDotNet.Artifacts/results/Parser.Benchmarks-report-full.json <<'PITWALL_FIXTURE'\n${fixture('benchmarkdotnet/two-runtimes.json')}\nPITWALL_FIXTURE\n` },
    metrics: await metricsOf('benchmarkdotnet', 'benchmarkdotnet/two-runtimes.json'),
  });
  add(adapters.benchmarkjs.example, {
    files: { 'bench.js': 'console.log("parse small x 1,431,759 ops/sec ±0.74% (93 runs sampled)");\nconsole.log("parse large x 12,302 ops/sec ±1.10% (90 runs sampled)");\nconsole.log("Fastest is parse small");\n' },
    metrics: ['parse small', 'parse large'],
  });
  add(adapters.catch2.example, { files: { tests: writerTo('-o', 'catch2/fib-v2.xml') }, executable: ['tests'], metrics: await metricsOf('catch2', 'catch2/fib-v2.xml') });
  add(adapters.criterion.example, { bin: { cargo: printer('criterion/messages.jsonl') }, metrics: await metricsOf('criterion', 'criterion/messages.jsonl') });
  add(adapters['go-test'].example, { bin: { go: printer('go-test/benchmem-count.txt') }, metrics: await metricsOf('go-test', 'go-test/benchmem-count.txt') });
  add(adapters['google-benchmark'].example, {
    files: { bench: writerTo('--benchmark_out', 'google-benchmark/aggregates-only.json') }, executable: ['bench'],
    metrics: await metricsOf('google-benchmark', 'google-benchmark/aggregates-only.json'),
  });
  add(adapters.jmh.example, { bin: { java: writerTo('-rff', 'jmh/thrpt-avgt.json') }, metrics: await metricsOf('jmh', 'jmh/thrpt-avgt.json') });
  add(adapters.libtest.example, { bin: { cargo: printer('libtest/custom-units.txt') }, metrics: await metricsOf('libtest', 'libtest/custom-units.txt') });
  add(adapters['pytest-benchmark'].example, {
    files: { 'benchmarks/test_parse.py': 'def test_parse_small(benchmark):\n    benchmark(lambda: None)\n' },
    bin: { pytest: writerTo('--benchmark-json', 'pytest-benchmark/with-data.json') },
    metrics: await metricsOf('pytest-benchmark', 'pytest-benchmark/with-data.json'),
  });
  return byCommand;
}

function keyOf(d: Documented): string {
  const key = String(d.suite['command'] ?? d.suite['script'] ?? '');
  return d.where.startsWith('the hint') ? `${key}#hint` : key;
}

const documented = await documentedSuites();
const known = await cases();

test('every suite example in the docs and --help texts has a case here that runs it', () => {
  const missing = documented.filter((d) => !known.has(keyOf(d))).map((d) => `${d.where}: ${keyOf(d)}`);
  assert.deepEqual(missing, []);
  assert.ok(documented.length >= 17, `found ${documented.length} examples`);
  assert.ok(documented.some((d) => d.where.startsWith('README.md') && d.suite['format'] === 'hyperfine'));
});

for (const d of documented) {
  test(`documented suite runs as written with --commit: ${d.where}: ${keyOf(d)}`, async (t) => {
    const c = known.get(keyOf(d));
    assert.ok(c, 'a case for this example');
    // Alone in a config of its own, with everything else the example says (repeat, env, cwd, format…).
    const suite = { ...d.suite, name: 'example' };
    const config = stringify({ machine: 'ci-1', suites: [suite] });
    const { dir, cleanup } = makeProject({ ...c.files, 'pitwall.yaml': config }, c.executable ?? []);
    t.after(cleanup);
    let path = process.env['PATH'] ?? '';
    if (c.bin !== undefined) {
      const bin = mkdtempSync(join(tmpdir(), 'pitwall-tools-'));
      t.after(() => rmSync(bin, { recursive: true, force: true }));
      for (const [name, text] of Object.entries(c.bin)) {
        writeFileSync(join(bin, name), text);
        chmodSync(join(bin, name), 0o755);
      }
      path = `${bin}${delimiter}${path}`;
    }
    const result = await runCli(['run', '--commit', 'HEAD', '--no-push', '--json'], { cwd: dir, env: { PATH: path }, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const run = JSON.parse(result.stdout).runs[0];
    assert.equal(run.status, 'ok', run.error);
    const file = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').find((p) => p.endsWith('.jsonl'))!;
    const metrics = git(dir, 'show', `results:${file}`).trim().split('\n').slice(1).map((l) => JSON.parse(l).metric as string);
    assert.deepEqual(metrics.sort(), [...c.metrics].sort());
  });
}

test('the configuration example of README.md passes pitwall check as a whole', async (t) => {
  const whole = documented.find((d) => d.config?.includes('mainBranch:'));
  assert.ok(whole?.config, 'README.md has the full configuration example');
  const c = known.get(keyOf(whole))!;
  const { dir, cleanup } = makeProject({ ...c.files, 'pitwall.yaml': whole.config, 'docs/perf-notes/.keep': '' }, c.executable ?? []);
  t.after(cleanup);
  const result = await runCli(['check', '--no-results'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
});
