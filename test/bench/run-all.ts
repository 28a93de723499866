/**
 * `npm run bench`: every benchmark, one after another, each printing its
 * figures and targets. Pass names to run some: npm run bench -- store history
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES: Record<string, string[]> = {
  runner: ['runner.bench.ts'],
  flood: ['suite-flood.bench.ts'],
  store: ['store-commit.bench.ts'],
  history: ['history.bench.ts'],
  analysis: ['analysis.bench.ts'],
  site: ['site.bench.ts'],
  build: ['build.bench.ts'],
  scale: ['scale.bench.ts'],
  import: ['import.bench.ts'],
  backfill: ['backfill.bench.ts'],
  checkout: ['checkout.bench.ts'],
};

const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(name in BENCHES)) {
    console.error(`unknown benchmark "${name}"; the benchmarks are: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
}
let failed = 0;
for (const [name, args] of Object.entries(BENCHES)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const file = fileURLToPath(new URL(args[0]!, import.meta.url));
  const result = spawnSync(process.execPath, [file, ...args.slice(1)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`(${name} exited with ${result.status})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
