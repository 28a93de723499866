/**
 * `pitwall backfill` over 40 commits with a trivial suite (a shell script that
 * writes one measurement): pitwall's own time per commit (wall time minus the
 * suites' recorded time, over the commits), against one `pitwall run --commit`
 * process per commit. Target: at most 0.3 s per commit in backfill.
 * Run: node test/bench/backfill.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));
const COMMITS = 40;
const SEPARATE = 8;
const TARGET_S = 0.3;

/** Runs the CLI in a child that reports its own peak RSS. */
function runCli(dir: string, args: string[]): Promise<{ wallMs: number; rssMb: number }> {
  const code = `const { main } = await import(${JSON.stringify(CLI)}); const rc = await main(${JSON.stringify(args)}); process.stderr.write('\\nRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = rc;`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (rc) => {
      if (rc !== 0) return reject(new Error(`pitwall ${args.join(' ')} exited ${rc}: ${err}`));
      resolve({ wallMs: performance.now() - started, rssMb: Number(/RSS (\d+)/.exec(err)?.[1]) / 1024 });
    });
  });
}

function suiteMs(dir: string): number {
  return execFileSync('git', ['-C', dir, 'grep', '-h', '"kind":"run"', 'results', '--', 'runs'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => (JSON.parse(l.replace(/^[^{]*/, '')) as { durationMs: number }).durationMs).reduce((a, b) => a + b, 0);
}

function makeRepo(): { dir: string; shas: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-backfill-bench-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=b', '-c', 'user.email=b@b', ...args], { encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'bench'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'bench', 'suite.sh'), '#!/bin/sh\necho "{\\"metric\\":\\"work\\",\\"value\\":$(cat "$1/VALUE")}" > "$2"\n');
  chmodSync(join(dir, 'bench', 'suite.sh'), 0o755);
  writeFileSync(join(dir, 'pitwall.yaml'), 'machine: bench\nsuites:\n  - name: trivial\n    script: bench/suite.sh\n');
  // A small project's worth of files, so each checkout writes a tree.
  for (let f = 0; f < 50; f++) writeFileSync(join(dir, 'src', `module-${f}.js`), `export const value${f} = ${f};\n`.repeat(40));
  const shas: string[] = [];
  for (let i = 0; i < COMMITS; i++) {
    writeFileSync(join(dir, 'VALUE'), String(10 + (i % 7) / 100));
    git('add', '-A');
    git('commit', '-qm', `commit ${i}`);
    shas.push(git('rev-parse', 'HEAD').trim());
  }
  return { dir, shas };
}

const one = makeRepo();
const other = makeRepo();
try {
  const backfill = await runCli(one.dir, ['backfill', '--no-push']);
  const backfillOwn = (backfill.wallMs - suiteMs(one.dir)) / COMMITS / 1000;
  const separate: number[] = [];
  let rss = 0;
  for (const sha of other.shas.slice(0, SEPARATE)) {
    const r = await runCli(other.dir, ['run', '--commit', sha, '--no-push']);
    separate.push(r.wallMs);
    rss = Math.max(rss, r.rssMb);
  }
  const separateOwn = (separate.reduce((a, b) => a + b, 0) - suiteMs(other.dir)) / SEPARATE / 1000;
  console.log(`backfill of ${COMMITS} commits, trivial suite, 50-file tree:`);
  console.log(`  wall time                          ${(backfill.wallMs / 1000).toFixed(2)} s (includes Node start-up once)`);
  console.log(`  pitwall's time per commit          ${backfillOwn.toFixed(3)} s (target <= ${TARGET_S} s: ${backfillOwn <= TARGET_S ? 'met' : 'MISSED'})`);
  console.log(`  peak RSS                           ${backfill.rssMb.toFixed(0)} MB`);
  console.log(`one "pitwall run --commit" per commit (${SEPARATE} commits):`);
  console.log(`  pitwall's time per commit          ${separateOwn.toFixed(3)} s`);
  console.log(`  peak RSS                           ${rss.toFixed(0)} MB`);
  console.log(`  ratio                              ${(separateOwn / backfillOwn).toFixed(1)}x faster in one process`);
} finally {
  rmSync(one.dir, { recursive: true, force: true });
  rmSync(other.dir, { recursive: true, force: true });
}
