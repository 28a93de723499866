/**
 * Warnings for a comparison whose two sides did not run alike: another
 * machine, another suite configuration or bench script, or a run that did not
 * finish. The numbers may still be right, but a reader must know.
 */
import type { RunRecord, SuiteSnapshot } from '../schema.ts';

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

function short(hash: string): string {
  return hash.slice(0, 12);
}

/**
 * What differs between two snapshots of one suite, in the words a reader acts on: which bench script
 * file changed (path and content hashes), the command, or a setting. Falls back to the config hashes
 * when the records do not say more (runs written before scripts were recorded).
 */
export function describeSuiteChange(base: SuiteSnapshot, head: SuiteSnapshot): string {
  const parts: string[] = [];
  const bs = base.script;
  const hs = head.script;
  if (bs !== undefined && hs !== undefined) {
    if (bs.path !== hs.path) parts.push(`bench script ${bs.path} (sha256 ${short(bs.sha256)}) became ${hs.path} (sha256 ${short(hs.sha256)})`);
    else if (bs.sha256 !== hs.sha256) parts.push(`bench script ${hs.path} changed (sha256 ${short(bs.sha256)} to ${short(hs.sha256)})`);
  } else if (bs !== undefined || hs !== undefined) {
    parts.push(`bench script ${(hs ?? bs)!.path} is recorded on ${hs !== undefined ? 'head' : 'base'} only`);
  }
  if (base.command !== head.command) parts.push(`command ${JSON.stringify(base.command)} became ${JSON.stringify(head.command)}`);
  for (const key of ['repeat', 'warmup', 'timeoutSeconds'] as const) {
    if (base[key] !== head[key]) parts.push(`${key} ${base[key]} became ${head[key]}`);
  }
  if (parts.length === 0) parts.push(`its settings or bench script changed (config ${short(base.hash)} to ${short(head.hash)})`);
  return parts.join('; ');
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
      const bSnap = b.find((r) => r.suiteConfig !== undefined)?.suiteConfig;
      const hSnap = h.find((r) => r.suiteConfig !== undefined)?.suiteConfig;
      const what = bSnap !== undefined && hSnap !== undefined ? describeSuiteChange(bSnap, hSnap) : `its settings or bench script changed (config ${bHashes.map(short).join(', ')} to ${hHashes.map(short).join(', ')})`;
      warnings.push(`${where} changed between base and head: ${what}; differences may come from the benchmark itself`);
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
