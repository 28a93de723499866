/**
 * Warnings for a comparison whose two sides did not run alike: another
 * machine, another suite configuration or bench script, or a run that did not
 * finish. The numbers may still be right, but a reader must know.
 */
import type { RunRecord } from '../schema.ts';

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function group(runs: readonly RunRecord[], keyOf: (r: RunRecord) => string): Map<string, RunRecord[]> {
  const out = new Map<string, RunRecord[]>();
  for (const r of runs) {
    const key = keyOf(r);
    const list = out.get(key);
    if (list === undefined) out.set(key, [r]);
    else list.push(r);
  }
  return out;
}

function describeMachine(r: RunRecord): string {
  const f = r.fingerprint;
  return `${f.id} (${f.cpuModel}, ${f.cores} cores, ${f.os})`;
}

/** Human-readable warnings, one per difference, in a stable order. */
export function compareRunContexts(baseRuns: readonly RunRecord[], headRuns: readonly RunRecord[]): string[] {
  const warnings: string[] = [];
  const baseByMachine = group(baseRuns, (r) => r.machine);
  const headByMachine = group(headRuns, (r) => r.machine);
  for (const machine of distinct([...baseByMachine.keys()].filter((m) => headByMachine.has(m)))) {
    const b = baseByMachine.get(machine) ?? [];
    const h = headByMachine.get(machine) ?? [];
    const bIds = distinct(b.map((r) => r.fingerprint.id));
    const hIds = distinct(h.map((r) => r.fingerprint.id));
    if (bIds.join() !== hIds.join()) {
      warnings.push(
        `Machine "${machine}" differs between base and head: ${describeMachine(b[0] as RunRecord)} vs ${describeMachine(h[0] as RunRecord)}; differences may come from the hardware`,
      );
    }
  }
  const key = (r: RunRecord): string => `${r.machine}\u0000${r.suite}`;
  const baseBySuite = group(baseRuns, key);
  const headBySuite = group(headRuns, key);
  for (const k of distinct([...baseBySuite.keys(), ...headBySuite.keys()])) {
    const b = baseBySuite.get(k) ?? [];
    const h = headBySuite.get(k) ?? [];
    const [machine, suite] = k.split('\u0000');
    const where = `Suite "${suite}" on machine "${machine}"`;
    if (b.length === 0 || h.length === 0) {
      warnings.push(`${where} ran only on ${b.length === 0 ? 'head' : 'base'}; its metrics are new or missing`);
      continue;
    }
    const bHashes = distinct(b.map((r) => r.suiteConfig?.hash ?? ''));
    const hHashes = distinct(h.map((r) => r.suiteConfig?.hash ?? ''));
    if (bHashes.join() !== hHashes.join()) {
      warnings.push(`${where} changed its command, settings or bench script between base (${bHashes.join(', ')}) and head (${hHashes.join(', ')}); differences may come from the benchmark itself`);
    }
    for (const [side, runs] of [['base', b], ['head', h]] as const) {
      for (const r of runs) {
        if (r.status !== 'ok') warnings.push(`${where} did not finish on ${side} (run ${r.run}): status ${r.status}${r.error === null ? '' : `, ${r.error}`}`);
      }
    }
  }
  return warnings;
}

/** Runs that did not end with status ok. */
export function listFailedRuns(runs: readonly RunRecord[]): RunRecord[] {
  return runs.filter((r) => r.status !== 'ok');
}
