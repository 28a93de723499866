import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineFingerprint } from '../../../results/schema.ts';
import { describeFingerprintChanges, listFingerprintFacts } from '../../../site/lib/fingerprint-facts.ts';

const base: MachineFingerprint = {
  id: 'a1',
  hostname: 'bench-1',
  cpuModel: 'AMD EPYC 7763 64-Core Processor',
  cores: 4,
  memoryBytes: 16 * 1024 ** 3,
  arch: 'x64',
  os: 'Linux',
  kernel: '6.8.0-1017-azure',
  node: 'v24.11.0',
  governor: 'performance',
  turbo: false,
  smt: null,
};

test('describeFingerprintChanges names each fact that moved, old value first', () => {
  const newer: MachineFingerprint = { ...base, id: 'b2', kernel: '6.11.0-1012-azure', memoryBytes: 32 * 1024 ** 3, turbo: true };
  assert.deepEqual(describeFingerprintChanges(base, newer), ['memory 16 GiB → 32 GiB', 'kernel 6.8.0-1017-azure → 6.11.0-1012-azure', 'turbo boost off → on']);
});

test('describeFingerprintChanges says nothing when only the id differs', () => {
  assert.deepEqual(describeFingerprintChanges(base, { ...base, id: 'other' }), []);
});

test('listFingerprintFacts shows every fact, unknown ones as "unknown"', () => {
  assert.deepEqual(listFingerprintFacts(base), [
    ['Host', 'bench-1'],
    ['CPU', 'AMD EPYC 7763 64-Core Processor (4 cores)'],
    ['Memory', '16 GiB'],
    ['OS', 'Linux 6.8.0-1017-azure (x64)'],
    ['Node', 'v24.11.0'],
    ['Governor', 'performance'],
    ['Turbo boost', 'off'],
    ['SMT', 'unknown'],
  ]);
});
