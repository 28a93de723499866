/**
 * A machine fingerprint in words: the facts the runs and machines pages show,
 * and what differs between two fingerprints of one machine (why its numbers
 * may have moved).
 */
import type { MachineFingerprint } from '../../results/schema.ts';
import { formatBytes } from './format.ts';

const onOff = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'on' : 'off');

/** The facts as shown, in order: a label and the fact's value for a fingerprint. */
export function listFingerprintFacts(fp: MachineFingerprint): [string, string][] {
  return [
    ['Host', fp.hostname],
    ['CPU', `${fp.cpuModel} (${fp.cores} cores)`],
    ['Memory', formatBytes(fp.memoryBytes)],
    ['OS', `${fp.os} ${fp.kernel} (${fp.arch})`],
    ['Node', fp.node],
    ['Governor', fp.governor ?? 'unknown'],
    ['Turbo boost', onOff(fp.turbo)],
    ['SMT', onOff(fp.smt)],
  ];
}

type Fact = Exclude<keyof MachineFingerprint, 'id'>;

const CHANGES: { key: Fact; label: string; show: (f: MachineFingerprint) => string }[] = [
  { key: 'cpuModel', label: 'CPU', show: (f) => f.cpuModel },
  { key: 'cores', label: 'cores', show: (f) => String(f.cores) },
  { key: 'memoryBytes', label: 'memory', show: (f) => formatBytes(f.memoryBytes) },
  { key: 'arch', label: 'architecture', show: (f) => f.arch },
  { key: 'os', label: 'OS', show: (f) => f.os },
  { key: 'kernel', label: 'kernel', show: (f) => f.kernel },
  { key: 'node', label: 'Node', show: (f) => f.node },
  { key: 'governor', label: 'governor', show: (f) => f.governor ?? 'unknown' },
  { key: 'turbo', label: 'turbo boost', show: (f) => onOff(f.turbo) },
  { key: 'smt', label: 'SMT', show: (f) => onOff(f.smt) },
  { key: 'hostname', label: 'host', show: (f) => f.hostname },
];

/** "kernel 6.8.0 → 6.11.0" for each fact that differs from `older` to `newer`, in a fixed order. */
export function describeFingerprintChanges(older: MachineFingerprint, newer: MachineFingerprint): string[] {
  return CHANGES.filter(({ key }) => older[key] !== newer[key]).map(({ label, show }) => `${label} ${show(older)} → ${show(newer)}`);
}
