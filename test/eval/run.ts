/**
 * Evaluates the change-point detector (npm run eval) and prints tables:
 * recall per step size in noise units and precision on synthetic series with
 * known steps, false alarms on change-free series, what single spikes do, and
 * steps injected into real benchmark histories. Seeded: every run prints the
 * same figures. Exits 1 when a target is missed.
 */
import { join } from 'node:path';
import { detectChangePoints } from '../../results/analysis/change-points.ts';
import { estimateNoise } from '../../results/analysis/noise.ts';
import { loadDjangoSeries, loadGabSeries, type RealSeries } from './histories.ts';
import { createRandom } from './prng.ts';
import { matchChanges, SIGMA_BUCKETS, Tally, bucketLabel } from './score.ts';
import { generateNoise, generateStepSeries, injectStep, NOISE_SHAPES, type NoiseShape } from './synthetic.ts';

const DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'histories');
const MARGINS = [0, 5] as const;
const SIGMAS = [0.005, 0.01, 0.02, 0.04];
const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2];
/** Recall is targeted from this bucket up (steps ≥ 4σ). */
const TARGET_BUCKET = 3;

const out: string[] = [];
const print = (line = ''): void => void out.push(line);
const pct = (x: number): string => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  print(line(head));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) print(line(r));
  print();
}

function detect(values: Float64Array, unit: string | null = 'ms', direction: -1 | 1 = -1) {
  return detectChangePoints(values, { direction, unit });
}

const failures: string[] = [];
function target(ok: boolean, what: string): void {
  print(`${ok ? 'PASS' : 'MISS'}  ${what}`);
  if (!ok) failures.push(what);
}

// --- Synthetic steps -------------------------------------------------------
const started = performance.now();
const byShape = new Map<NoiseShape, Tally[]>();
const overall = MARGINS.map(() => new Tally());
let synthCount = 0;
for (const [s, shape] of NOISE_SHAPES.entries()) {
  const tallies = MARGINS.map(() => new Tally());
  byShape.set(shape, tallies);
  for (const sigma of SIGMAS) {
    for (const size of STEPS) {
      for (let rep = 0; rep < 30; rep++) {
        const rng = createRandom(((s * 10 + SIGMAS.indexOf(sigma)) * 10 + STEPS.indexOf(size)) * 100 + rep);
        const series = generateStepSeries(shape, 240, sigma, size, 2, 40, rng);
        const noise = estimateNoise(series.values, { unit: 'ms' });
        const sizes = series.sizes.map((x) => Math.abs(Math.log1p(x)) / noise.sigma);
        const found = detect(series.values).map((c) => c.index);
        MARGINS.forEach((m, i) => {
          const match = matchChanges(series.steps, found, m);
          (tallies[i] as Tally).add(match, sizes);
          (overall[i] as Tally).add(match, sizes);
        });
        synthCount++;
      }
    }
  }
}
print(`Synthetic series with steps: ${synthCount} series × 240 points, 2 steps each of ±1/2/5/10/20 %, noise σ 0.5/1/2/4 %, unit ms (floor 1 %)`);
print('Step size in noise σ = |ln(1 + step)| / σ, σ as estimateNoise measures it; a detection matches a step within the margin (commits)');
print();
const bucketHead = SIGMA_BUCKETS.map((_, b) => bucketLabel(b));
table(
  ['recall by step size in noise σ', ...bucketHead, '≥4σ', 'precision'],
  [...NOISE_SHAPES.flatMap((shape) => MARGINS.map((m, i) => [shape, i] as const)), ...MARGINS.map((_, i) => ['all', i] as const)].map(([name, i]) => {
    const t = (name === 'all' ? overall[i] : byShape.get(name)?.[i]) as Tally;
    return [`${name} (margin ${MARGINS[i]})`, ...SIGMA_BUCKETS.map((_, b) => `${pct(t.recall(b, b))} /${t.totals[b]}`), pct(t.recall(TARGET_BUCKET)), pct(t.precision())];
  }),
);

// --- Change-free series ----------------------------------------------------
const nullRows: string[][] = [];
const nullTotals = { commits: 0, all: 0, confirmed: 0, checks: 0, newest: 0 };
for (const [s, shape] of NOISE_SHAPES.entries()) {
  const t = { commits: 0, all: 0, confirmed: 0, checks: 0, newest: 0 };
  for (const [k, sigma] of SIGMAS.entries()) {
    for (let rep = 0; rep < 10; rep++) {
      const rng = createRandom(77_000 + 1000 * s + 100 * k + rep);
      const noise = generateNoise(shape, 1000, sigma, rng);
      const values = Float64Array.from(noise, (e) => 100 * Math.exp(e));
      const found = detect(values);
      t.commits += values.length;
      t.all += found.length;
      t.confirmed += found.filter((c) => c.status === 'confirmed').length;
      // Replay the history as it grew: would the newest commits have been flagged (tentative) at that time?
      for (let end = 100; end <= values.length; end += 25) {
        t.checks++;
        if (detect(values.subarray(0, end)).some((c) => c.status === 'tentative')) t.newest++;
      }
    }
  }
  for (const key of Object.keys(t) as (keyof typeof t)[]) nullTotals[key] += t[key];
  nullRows.push([shape, String(t.commits), String(t.all), String(t.confirmed), ((t.confirmed / t.commits) * 1000).toFixed(2), String(t.checks), pct(t.newest / t.checks)]);
}
const nt = nullTotals;
nullRows.push(['all', String(nt.commits), String(nt.all), String(nt.confirmed), ((nt.confirmed / nt.commits) * 1000).toFixed(2), String(nt.checks), pct(nt.newest / nt.checks)]);
print('Change-free series: 40 series × 1,000 points per shape (noise σ 0.5/1/2/4 %); each also replayed as it grew,');
print('checked every 25 commits for a tentative change among the newest points (what a dashboard would have shown then)');
print();
table(['noise shape', 'commits', 'reported', 'confirmed', 'false alarms / 1,000 commits', 'checks', 'tentative alarms'], nullRows);

// --- Single spikes ----------------------------------------------------------
let spikes = 0;
let spikeConfirmed = 0;
let spikeAny = 0;
for (let rep = 0; rep < 300; rep++) {
  const rng = createRandom(500_000 + rep);
  const shape: NoiseShape = rep % 2 === 0 ? 'gaussian' : 'student-t';
  const noise = generateNoise(shape, 120, 0.01, rng);
  const at = rng.int(2, 120 - 5);
  noise[at] = (noise[at] as number) + (rng.next() < 0.5 ? -1 : 1) * Math.log1p(0.1 + rng.next());
  const found = detect(Float64Array.from(noise, (e) => 100 * Math.exp(e))).filter((c) => Math.abs(c.index - at) <= 1);
  spikes++;
  spikeAny += found.length;
  spikeConfirmed += found.filter((c) => c.status === 'confirmed').length;
}
print(`Single spikes of ±10 % to ±110 % (10σ-110σ) in ${spikes} series of 120 points: ${spikeAny} changes reported at a spike, ${spikeConfirmed} confirmed`);
print();

// --- Jumps in the newest commits -------------------------------------------
const newestRows: string[][] = [];
for (const after of [1, 2, 3, 5, 8]) {
  let exact = 0;
  let tentative = 0;
  let total = 0;
  for (let rep = 0; rep < 100; rep++) {
    const rng = createRandom(600_000 + 1000 * after + rep);
    const noise = generateNoise(rep % 2 === 0 ? 'gaussian' : 'student-t', 100, 0.01, rng);
    const values = Float64Array.from(noise, (e, i) => 100 * Math.exp(e) * (i >= 100 - after ? 1.08 : 1));
    const found = detect(values).filter((c) => c.index === 100 - after);
    total++;
    if (found.length > 0) exact++;
    if (found.some((c) => c.status === 'tentative')) tentative++;
  }
  newestRows.push([String(after), pct(exact / total), pct(tentative / total)]);
}
print('An 8 % jump (about 8σ) in the newest commits of 100-point series (1 % noise, Gaussian or Student t)');
print();
table(['points after the jump', 'found at the jump', 'as tentative'], newestRows);

// --- Real histories ---------------------------------------------------------
interface RealTally {
  tallies: Tally[];
  /** Series long enough to use. */
  series: number;
  commits: number;
  /** Changes the detector reports in the whole series as they are. */
  asIs: number;
  /** Commits in the stretches without a reported change that steps were injected into. */
  stretchCommits: number;
  /** Changes reported in those stretches taken alone, before injection. */
  stretchAlarms: number;
}

/**
 * Steps injected into stable stretches of real histories: each stretch of at
 * least 80 points between the changes the detector reports in the whole
 * series is taken alone, and a step of ±2/5/10/20 % is injected at a random
 * point at least 20 from its ends. Any other detection counts as false,
 * except near a change the stretch shows alone (counted apart, per 1,000 commits).
 */
function evaluateReal(list: RealSeries[], minLength: number, seed: number): RealTally {
  const r: RealTally = { tallies: MARGINS.map(() => new Tally()), series: 0, commits: 0, asIs: 0, stretchCommits: 0, stretchAlarms: 0 };
  const rng = createRandom(seed);
  for (const s of list) {
    if (s.values.length < minLength) continue;
    r.series++;
    r.commits += s.values.length;
    const base = detect(s.values, s.unit, s.direction).map((c) => c.index);
    r.asIs += base.length;
    const bounds = [0, ...base, s.values.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const stretch = s.values.slice(bounds[i] as number, bounds[i + 1] as number);
      if (stretch.length < 80) continue;
      r.stretchCommits += stretch.length;
      const own = detect(stretch, s.unit, s.direction).map((c) => c.index);
      r.stretchAlarms += own.length;
      const sigma = estimateNoise(stretch, { unit: s.unit }).sigma;
      for (const size of [0.02, 0.05, 0.1, 0.2]) {
        const values = Float64Array.from(stretch);
        const at = rng.int(20, values.length - 20);
        const signed = rng.next() < 0.5 ? -size : size;
        injectStep(values, at, signed);
        // What the stretch shows alone is neither credited nor held against the detector.
        const found = detect(values, s.unit, s.direction)
          .map((c) => c.index)
          .filter((f) => Math.abs(f - at) <= 5 || !own.some((o) => Math.abs(o - f) <= 5));
        MARGINS.forEach((m, k) => (r.tallies[k] as Tally).add(matchChanges([at], found, m), [Math.abs(Math.log1p(signed)) / sigma]));
      }
    }
  }
  return r;
}

const realSets: [string, RealSeries[], number][] = [
  ['django-asv', loadDjangoSeries(DATA), 80],
  ['github-action-benchmark', loadGabSeries(DATA), 80],
];
const realRows: string[][] = [];
const asIsRows: string[][] = [];
for (const [k, [name, list, minLength]] of realSets.entries()) {
  if (list.length === 0) {
    print(`${name}: data not found under ${DATA}, skipped`);
    continue;
  }
  const r = evaluateReal(list, minLength, 900 + k);
  r.tallies.forEach((t, i) =>
    realRows.push([`${name} (margin ${MARGINS[i]})`, ...SIGMA_BUCKETS.map((_, b) => `${pct(t.recall(b, b))} /${t.totals[b]}`), pct(t.recall(TARGET_BUCKET)), pct(t.precision())]),
  );
  asIsRows.push([
    name,
    String(r.series),
    String(r.commits),
    String(r.asIs),
    ((r.asIs / r.commits) * 1000).toFixed(1),
    String(r.stretchCommits),
    ((r.stretchAlarms / Math.max(1, r.stretchCommits)) * 1000).toFixed(2),
  ]);
}
if (realRows.length > 0) {
  print('Real histories: steps of ±2/5/10/20 % injected into stretches of ≥ 80 points without a reported change, each taken alone');
  print();
  table(['recall by step size in noise σ', ...bucketHead, '≥4σ', 'precision'], realRows);
  print('Real histories as they are (unlabelled: what is found is mostly machine and toolchain changes), and their stable stretches alone');
  print();
  table(['history', 'series', 'commits', 'changes found', 'per 1,000 commits', 'stretch commits', 'changes in stretches alone / 1,000'], asIsRows);
}

// --- Targets ----------------------------------------------------------------
for (const [i, m] of MARGINS.entries()) {
  const t = overall[i] as Tally;
  if (m === 5) {
    target(t.recall(TARGET_BUCKET) >= 0.9, `synthetic recall for steps ≥ 4σ at margin ${m}: ${pct(t.recall(TARGET_BUCKET))} (target ≥ 90 %)`);
    target(t.precision() >= 0.9, `synthetic precision at margin ${m}: ${pct(t.precision())} (target ≥ 90 %)`);
  }
}
const falseRate = (nullTotals.confirmed / nullTotals.commits) * 1000;
target(falseRate <= 1, `false alarms on change-free series: ${falseRate.toFixed(2)} per 1,000 commits (target ≤ 1)`);
target(spikeConfirmed === 0, `single spikes confirmed as changes: ${spikeConfirmed} (target 0)`);
print(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.stdout.write(`${out.join('\n')}\n`);
if (failures.length > 0) process.exitCode = 1;
