/**
 * `pitwall run --commit <rev>` with a trivial suite on a repository of 2,000
 * commits and 5,000 files (packed, as a clone is): the overhead per commit
 * (wall time of the command minus the suite's own recorded time), against the
 * same run on the working tree (no checkout), and the parts measured alone in
 * process: the checkout as a git repository, its removal, and finding the
 * branch to record. Target: at most 0.5 s of overhead per commit. The load
 * of the machine moves every figure: compare the checkout with native git's
 * `git worktree add`, printed beside it.
 * Run: node test/bench/checkout.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastImport, type ImportedFile } from './fast-import.ts';
import { checkoutCommit } from '../../runner/bench/checkout.ts';
import { findCommitBranch } from '../../runner/bench/commit-branch.ts';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));
const COMMITS = 2000;
const FILES = 5000;
const RUNS = 7;
const TARGET_MS = 500;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

function fileText(i: number, version: number): string {
  return `// module ${i}, version ${version}\nexport const value${i} = ${version};\n${'// filler line to give the file a realistic size\n'.repeat(20)}`;
}

/** 2,000 commits: the first adds 5,000 files in 50 folders, each later one edits two of them. */
function* history(): Generator<{ time: string; message: string; files: ImportedFile[] }> {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const files: ImportedFile[] = [];
  for (let i = 0; i < FILES; i++) files.push({ path: `src/pkg${i % 50}/mod${i}.ts`, content: fileText(i, 0) });
  files.push({ path: 'README.md', content: '# sample\n' });
  yield { time: new Date(start).toISOString(), message: 'Initial import\n', files };
  for (let c = 1; c < COMMITS; c++) {
    const a = (c * 7919) % FILES;
    const b = (c * 104729) % FILES;
    yield {
      time: new Date(start + c * 3_600_000).toISOString(),
      message: `Change ${c}\n`,
      files: [{ path: `src/pkg${a % 50}/mod${a}.ts`, content: fileText(a, c) }, { path: `src/pkg${b % 50}/mod${b}.ts`, content: fileText(b, c) }],
    };
  }
}

/** Runs the CLI in a child that reports its own peak RSS. */
function runOnce(dir: string, args: string[]): Promise<{ wallMs: number; rssMb: number }> {
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

function recordedSuiteMs(dir: string): Map<string, number[]> {
  const byCommit = new Map<string, number[]>();
  const lines = execFileSync('git', ['-C', dir, 'grep', '-h', '"kind":"run"', 'results', '--', 'runs'], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n');
  for (const line of lines) {
    const run = JSON.parse(line.replace(/^[^{]*/, '')) as { commit: string; durationMs: number; branch: string | null };
    byCommit.set(run.commit, [...(byCommit.get(run.commit) ?? []), run.durationMs]);
  }
  return byCommit;
}

const root = mkdtempSync(join(tmpdir(), 'pitwall-checkout-bench-'));
const dir = join(root, 'repo');
try {
  const setUp = performance.now();
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  await fastImport(dir, 'main', history());
  execFileSync('git', ['-C', dir, 'repack', '-adq']);
  execFileSync('git', ['-C', dir, 'tag', 'v1.0', 'main~1000']);
  execFileSync('git', ['-C', dir, 'checkout', '-q', 'main']);
  writeFileSync(join(dir, 'pitwall.yaml'), 'machine: bench\nsuites:\n  - name: trivial\n    command: echo \'pitwall::measurement={"metric":"x","value":1}\'\n');
  const revs = execFileSync('git', ['-C', dir, 'rev-list', '--first-parent', 'main'], { encoding: 'utf8' }).trim().split('\n');
  console.log(`repository: ${revs.length} commits, ${FILES + 1} files, packed (set up in ${((performance.now() - setUp) / 1000).toFixed(1)} s)`);

  // Commits spread over the history: the newest, the middle, the oldest.
  const picks = Array.from({ length: RUNS }, (_, i) => revs[Math.min(revs.length - 1, Math.round((i * (revs.length - 1)) / (RUNS - 1)))] as string);
  await runOnce(dir, ['run', '--no-push']);
  const tree: { wallMs: number; rssMb: number }[] = [];
  for (let i = 0; i < RUNS; i++) tree.push(await runOnce(dir, ['run', '--no-push']));
  const withCommit: { wallMs: number; rssMb: number }[] = [];
  for (const rev of picks) withCommit.push(await runOnce(dir, ['run', '--no-push', '--commit', rev]));

  const suite = recordedSuiteMs(dir);
  const head = revs[0] as string;
  const treeSuite = median(suite.get(head) ?? [0]);
  const commitSuite = median(picks.map((p) => (suite.get(p) ?? [0]).at(-1) as number));
  const treeOverhead = median(tree.map((r) => r.wallMs)) - treeSuite;
  const commitOverhead = median(withCommit.map((r) => r.wallMs)) - commitSuite;

  const cache = {};
  const checkoutMs: number[] = [];
  const removeMs: number[] = [];
  const branchMs: number[] = [];
  const scratch = join(root, 'checkouts');
  for (const rev of picks) {
    let started = performance.now();
    const checkout = await checkoutCommit({ dir, rev, cache, root: scratch });
    checkoutMs.push(performance.now() - started);
    started = performance.now();
    await checkout.remove();
    removeMs.push(performance.now() - started);
    started = performance.now();
    await findCommitBranch({ dir }, rev, { rev, mainBranch: 'main', cache });
    branchMs.push(performance.now() - started);
  }

  // The floor on this disk: native git writing the same files into a detached worktree.
  const nativeMs: number[] = [];
  for (const [i, rev] of picks.entries()) {
    const target = join(root, `native-${i}`);
    const started = performance.now();
    execFileSync('git', ['-C', dir, 'worktree', 'add', '-q', '--detach', target, rev]);
    nativeMs.push(performance.now() - started);
    execFileSync('git', ['-C', dir, 'worktree', 'remove', '--force', target]);
  }

  console.log(`pitwall run with a trivial suite (median of ${RUNS}; --commit on ${RUNS} commits from newest to oldest):`);
  console.log(`  run on the working tree: overhead        ${treeOverhead.toFixed(0)} ms (wall minus the suite's recorded ${treeSuite.toFixed(0)} ms; includes Node start-up)`);
  console.log(`  run --commit <rev>: overhead per commit  ${commitOverhead.toFixed(0)} ms  (target <= ${TARGET_MS} ms: ${commitOverhead <= TARGET_MS ? 'met' : 'NOT met'})`);
  const added = commitOverhead - treeOverhead;
  console.log(`  added by --commit (checkout, branch)     ${added.toFixed(0)} ms  (target <= ${TARGET_MS} ms: ${added <= TARGET_MS ? 'met' : 'NOT met'})`);
  console.log(`  ratio --commit / working tree            ${(commitOverhead / treeOverhead).toFixed(2)}x`);
  console.log(`  peak RSS: working tree ${median(tree.map((r) => r.rssMb)).toFixed(0)} MB, --commit ${median(withCommit.map((r) => r.rssMb)).toFixed(0)} MB`);
  console.log(`measured alone, in process (warm cache after the first):`);
  console.log(`  checkout as a git repository (${FILES + 1} files + .git)   median ${median(checkoutMs).toFixed(0)} ms, first ${checkoutMs[0]?.toFixed(0)} ms, max ${Math.max(...checkoutMs).toFixed(0)} ms`);
  console.log(`  reference: git worktree add --detach (native git)  median ${median(nativeMs).toFixed(0)} ms`);
  console.log(`  removal of the checkout                            median ${median(removeMs).toFixed(0)} ms`);
  console.log(`  branch to record (first-parent walk of main)       median ${median(branchMs).toFixed(0)} ms, max ${Math.max(...branchMs).toFixed(0)} ms`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
