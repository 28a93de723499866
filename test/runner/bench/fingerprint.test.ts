import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { noiseWarnings, readFingerprint } from '../../../runner/bench/fingerprint.ts';
import type { HostFacts } from '../../../runner/bench/fingerprint.ts';
import { makeTempDir } from './helpers.ts';

const HOST: HostFacts = {
  hostname: 'bench-1', cpuModel: 'AMD EPYC 7B13', cores: 8, memoryBytes: 32 * 2 ** 30 - 123_456, arch: 'x64', osType: 'Linux', kernel: '6.1.0-18-amd64', node: 'v24.21.0',
};

/** A fake root with the given files, paths relative to it. */
async function makeRoot(t: { after(fn: () => Promise<void>): void }, files: Record<string, string>): Promise<string> {
  const root = await makeTempDir(t);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

const TUNED_INTEL = {
  'etc/os-release': 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
  'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'performance\n',
  'sys/devices/system/cpu/intel_pstate/no_turbo': '1\n',
  'sys/devices/system/cpu/cpufreq/boost': '1\n',
  'sys/devices/system/cpu/smt/active': '0\n',
};

test('readFingerprint reads the OS, governor, turbo and SMT from the sysfs tree', async (t) => {
  const fp = readFingerprint({ root: await makeRoot(t, TUNED_INTEL), host: HOST });
  assert.deepEqual({ ...fp, id: undefined }, {
    id: undefined, hostname: 'bench-1', cpuModel: 'AMD EPYC 7B13', cores: 8, memoryBytes: HOST.memoryBytes, arch: 'x64',
    os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-18-amd64', node: 'v24.21.0', governor: 'performance', turbo: false, smt: false,
  });
  assert.match(fp.id, /^[0-9a-f]{12}$/);
  assert.deepEqual(noiseWarnings(fp), []);
});

test('facts a system does not expose are null, and the OS falls back to the kernel type', async (t) => {
  const fp = readFingerprint({ root: await makeRoot(t, {}), host: HOST });
  assert.equal(fp.os, 'Linux');
  assert.equal(fp.governor, null);
  assert.equal(fp.turbo, null);
  assert.equal(fp.smt, null);
  assert.deepEqual(noiseWarnings(fp), []);
});

test('turbo comes from cpufreq/boost where intel_pstate is absent', async (t) => {
  const fp = readFingerprint({ root: await makeRoot(t, { 'sys/devices/system/cpu/cpufreq/boost': '1' }), host: HOST });
  assert.equal(fp.turbo, true);
});

test('the machine id ignores the host name, Node version and small memory differences but not the governor', async (t) => {
  const root = await makeRoot(t, TUNED_INTEL);
  const base = readFingerprint({ root, host: HOST }).id;
  assert.equal(readFingerprint({ root, host: { ...HOST, hostname: 'other', node: 'v22.0.0', memoryBytes: 32 * 2 ** 30 } }).id, base);
  assert.notEqual(readFingerprint({ root, host: { ...HOST, cores: 4 } }).id, base);
  const powersave = await makeRoot(t, { ...TUNED_INTEL, 'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'powersave' });
  assert.notEqual(readFingerprint({ root: powersave, host: HOST }).id, base);
});

test('noiseWarnings names each noisy setting with the command that fixes it', async (t) => {
  const root = await makeRoot(t, {
    'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'powersave',
    'sys/devices/system/cpu/intel_pstate/no_turbo': '0',
    'sys/devices/system/cpu/smt/active': '1',
  });
  const warnings = noiseWarnings(readFingerprint({ root, host: HOST }));
  assert.equal(warnings.length, 3);
  assert.match(warnings[0] ?? '', /"powersave".*sudo cpupower frequency-set -g performance/);
  assert.match(warnings[1] ?? '', /Turbo boost is on.*intel_pstate\/no_turbo/);
  assert.match(warnings[2] ?? '', /SMT.*smt\/control/);
});

test('readFingerprint on this machine gives a complete fingerprint', () => {
  const fp = readFingerprint();
  assert.ok(fp.cores > 0 && fp.memoryBytes > 0 && fp.cpuModel !== '' && fp.os !== '');
  assert.equal(fp.node, process.version);
});
