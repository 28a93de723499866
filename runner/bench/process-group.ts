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
