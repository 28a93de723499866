/**
 * Whether a process group still has live members. `kill(-pgid, 0)` alone also
 * counts zombies, which an init that reaps slowly (as in some containers) keeps
 * around: waiting for them would only add the kill grace period to every run.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function isGroupAlive(pgid: number | undefined): boolean {
  if (pgid === undefined) return false;
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const members = readGroupStates(pgid);
  return members === null || members.some((state) => state !== 'Z');
}

export interface TaggedProcess {
  pid: number;
  /** Its command line, as /proc shows it. */
  command: string;
}

/**
 * Live processes whose environment holds `name=value` and that are not in
 * process group `outside`: the processes a suite started that left its group
 * (setsid). Empty where /proc cannot tell (not Linux).
 */
export function findTaggedProcesses(name: string, value: string, outside: number): TaggedProcess[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const needle = Buffer.from(`${name}=${value}\0`);
  const found: TaggedProcess[] = [];
  for (const pid of pids) {
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM') continue; // gone, or another user's
      throw error;
    }
    const at = environ.indexOf(needle);
    if (at === -1 || (at > 0 && environ[at - 1] !== 0)) continue;
    const { state, group } = readState(pid);
    // A member of the group is a leftover the group's own kill is ending, not one that escaped.
    if (state === 'Z' || group === outside) continue;
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part !== '').join(' ');
    } catch {
      // it ended while we looked; it is still reported, without its command
    }
    found.push({ pid: Number(pid), command });
  }
  return found;
}

function readState(pid: string): { state: string; group: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', group: Number(fields[2]) };
  } catch {
    return { state: 'Z', group: -1 }; // it ended while we looked
  }
}

/** States of the group's processes from /proc, or null where /proc cannot tell (not Linux). */
function readGroupStates(pgid: number): string[] | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const states: string[] = [];
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ESRCH') continue; // the process ended while we looked
      throw error;
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) states.push(fields[0] ?? '');
  }
  return states;
}
