/**
 * `pitwall run` on suites that flood it: 1,000,000 `pitwall::measurement=`
 * lines on stdout (over the limit: recorded as invalid output) and 100,000
 * (at the limit: recorded). Wall time, peak RSS of the whole command and the
 * size of the results file written. Median of 3 runs each.
 * Run: node test/bench/suite-flood.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBytes } from '../../results/limits.ts';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));
const RUNS = 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** Runs the CLI in a child that reports its own peak RSS; any exit code is fine (over the limit exits 1). */
function runOnce(dir: string): Promise<{ wallMs: number; rssMb: number }> {
  const code = `const { main } = await import(${JSON.stringify(CLI)}); const rc = await main(['run', '--no-push']); process.stderr.write('\\nRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = rc;`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (rc) => {
      const rss = /RSS (\d+)/.exec(err);
      if (rss === null || (rc !== 0 && rc !== 1)) return reject(new Error(`pitwall run exited ${rc}: ${err}`));
      resolve({ wallMs: performance.now() - started, rssMb: Number(rss[1]) / 1024 });
    });
  });
}

for (const lines of [1_000_000, 100_000]) {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-flood-bench-'));
  try {
    execFileSync('git', ['init', '-q', '-b', 'main', dir]);
    mkdirSync(join(dir, 'bench'));
    writeFileSync(join(dir, 'bench', 'suite.sh'), `#!/bin/sh\nawk 'BEGIN { for (i = 0; i < ${lines}; i++) printf "pitwall::measurement={\\"metric\\":\\"group/case-%d\\",\\"value\\":%d,\\"unit\\":\\"ms\\"}\\n", i, i }'\n`);
    chmodSync(join(dir, 'bench', 'suite.sh'), 0o755);
    writeFileSync(join(dir, 'pitwall.yaml'), 'machine: bench\nsuites:\n  - name: flood\n    script: bench/suite.sh\n');
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync('git', ['-C', dir, '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'bench']);
    const results: { wallMs: number; rssMb: number }[] = [];
    for (let i = 0; i < RUNS; i++) results.push(await runOnce(dir));
    const sizes = execFileSync('git', ['-C', dir, 'ls-tree', '-r', '-l', 'results'], { encoding: 'utf8' }).trim().split('\n')
      .filter((l) => l.endsWith('.jsonl')).map((l) => Number(l.split(/\s+/)[3]));
    const status = /"status":"([a-z-]+)"/.exec(execFileSync('git', ['-C', dir, 'grep', '-h', '"kind":"run"', 'results', '--', 'runs'], { encoding: 'utf8' }))?.[1];
    console.log(`pitwall run, suite printing ${lines.toLocaleString('en-US')} measurement lines on stdout (median of ${RUNS}):`);
    console.log(`  recorded as                     ${status}`);
    console.log(`  wall time of the command        ${median(results.map((r) => r.wallMs)).toFixed(0)} ms`);
    console.log(`  peak RSS                        ${median(results.map((r) => r.rssMb)).toFixed(0)} MB`);
    console.log(`  results file                    ${formatBytes(median(sizes))} (limit 48 MiB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
