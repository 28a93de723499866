/**
 * What machine a run was measured on, and the settings that make its numbers
 * noisy. Read from node:os and from Linux's /etc and /sys; what a system does not
 * expose is null.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineFingerprint } from '../../results/schema.ts';

/** Facts from node:os and the running Node, replaceable for tests. */
export interface HostFacts {
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  arch: string;
  /** Used when there is no os-release file. */
  osType: string;
  kernel: string;
  node: string;
}

export interface ReadFingerprintOptions {
  /** Where /etc and /sys are looked up; default "/". */
  root?: string;
  host?: Partial<HostFacts>;
}

const CPU = 'sys/devices/system/cpu';

export function readFingerprint(options: ReadFingerprintOptions = {}): MachineFingerprint {
  const root = options.root ?? '/';
  const host = { ...readHostFacts(), ...options.host };
  const facts: Omit<MachineFingerprint, 'id'> = {
    hostname: host.hostname,
    cpuModel: host.cpuModel,
    cores: host.cores,
    memoryBytes: host.memoryBytes,
    arch: host.arch,
    os: readOsName(root) ?? host.osType,
    kernel: host.kernel,
    node: host.node,
    governor: readSmallFile(root, `${CPU}/cpu0/cpufreq/scaling_governor`),
    turbo: readTurbo(root),
    smt: readFlag(root, `${CPU}/smt/active`),
  };
  return { id: computeMachineId(facts), ...facts };
}

/**
 * A short hash of what shapes the numbers: CPU, cores, memory (whole GiB, since
 * the exact total moves with firmware reservations), arch, OS, kernel and the
 * frequency settings. The host name is left out so a renamed or re-imaged twin
 * machine keeps its id, and the Node version too: it belongs to the toolchain
 * under test, not to the machine.
 */
export function computeMachineId(facts: Omit<MachineFingerprint, 'id' | 'hostname' | 'node'>): string {
  const key = JSON.stringify([
    facts.cpuModel, facts.cores, Math.round(facts.memoryBytes / 2 ** 30), facts.arch, facts.os, facts.kernel,
    facts.governor, facts.turbo, facts.smt,
  ]);
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Settings that add noise to measurements, each with the command that fixes it. */
export function noiseWarnings(fp: MachineFingerprint): string[] {
  const warnings: string[] = [];
  if (fp.governor !== null && fp.governor !== 'performance') {
    warnings.push(`CPU frequency governor is "${fp.governor}", not "performance", so the clock speed follows the load; run "sudo cpupower frequency-set -g performance"`);
  }
  if (fp.turbo === true) {
    warnings.push(`Turbo boost is on, so the clock speed depends on temperature; run "echo 1 | sudo tee /${CPU}/intel_pstate/no_turbo" (intel_pstate) or "echo 0 | sudo tee /${CPU}/cpufreq/boost" (other drivers)`);
  }
  if (fp.smt === true) {
    warnings.push(`SMT (hyper-threading) is on, so a sibling thread can share the benchmark's core; run "echo off | sudo tee /${CPU}/smt/control"`);
  }
  return warnings;
}

function readHostFacts(): HostFacts {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    arch: os.arch(),
    osType: os.type(),
    kernel: os.release(),
    node: process.version,
  };
}

/** PRETTY_NAME from os-release (https://www.freedesktop.org/software/systemd/man/os-release.html). */
function readOsName(root: string): string | null {
  const text = readSmallFile(root, 'etc/os-release') ?? readSmallFile(root, 'usr/lib/os-release');
  if (text === null) return null;
  for (const line of text.split('\n')) {
    const match = /^PRETTY_NAME=(["']?)(.*)\1\s*$/.exec(line);
    if (match?.[2] !== undefined && match[2] !== '') return match[2];
  }
  return null;
}

/** intel_pstate says "no_turbo"; acpi-cpufreq and amd-pstate say "boost". */
function readTurbo(root: string): boolean | null {
  const noTurbo = readFlag(root, `${CPU}/intel_pstate/no_turbo`);
  if (noTurbo !== null) return !noTurbo;
  return readFlag(root, `${CPU}/cpufreq/boost`);
}

function readFlag(root: string, file: string): boolean | null {
  const text = readSmallFile(root, file);
  if (text === '1') return true;
  if (text === '0') return false;
  return null;
}

/** The trimmed content, or null when the file is absent or unreadable (sysfs varies by kernel, driver and container). */
function readSmallFile(root: string, file: string): string | null {
  try {
    return readFileSync(path.join(root, file), 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EINVAL') return null;
    throw error;
  }
}
