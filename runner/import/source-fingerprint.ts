/**
 * The machine fingerprint of an imported run. Other tools record little or
 * nothing about the machine; what they do not say is "unknown" (0 for counts),
 * and the id hashes only what is known, so every run of one source machine
 * keeps one id and comparisons do not warn about a machine change that never was.
 */
import type { MachineFingerprint } from '../../results/schema.ts';
import { computeMachineId } from '../bench/fingerprint.ts';

export interface KnownMachineFacts {
  cpuModel?: string;
  cores?: number;
  memoryBytes?: number;
  arch?: string;
  os?: string;
}

export const UNKNOWN = 'unknown';

export function makeSourceFingerprint(hostname: string, known: KnownMachineFacts = {}): MachineFingerprint {
  const facts: Omit<MachineFingerprint, 'id'> = {
    hostname,
    cpuModel: known.cpuModel ?? UNKNOWN,
    cores: known.cores ?? 0,
    memoryBytes: known.memoryBytes ?? 0,
    arch: known.arch ?? UNKNOWN,
    os: known.os ?? UNKNOWN,
    kernel: UNKNOWN,
    node: UNKNOWN,
    governor: null,
    turbo: null,
    smt: null,
  };
  return { id: computeMachineId(facts), ...facts };
}
