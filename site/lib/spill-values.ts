/**
 * A CommitValueStore that keeps at most `budgetBytes` of values in memory and
 * appends the rest to one file per commit shard in `dir`: transposing ten
 * million values from series order to commit order without holding them all.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitValueStore } from './build-commit-files.ts';

export interface SpillValueStore extends CommitValueStore {
  /** Removes the spill files. */
  close(): void;
}

const DEFAULT_BUDGET_BYTES = 32 * 1024 * 1024;

export function createSpillValueStore(dir: string, budgetBytes = DEFAULT_BUDGET_BYTES): SpillValueStore {
  mkdirSync(dir, { recursive: true });
  const pending = new Map<number, number[]>();
  const spilled = new Set<number>();
  let held = 0;
  const fileOf = (shard: number) => join(dir, `${shard}.f64`);
  const flush = () => {
    for (const [shard, list] of pending) {
      appendFileSync(fileOf(shard), new Uint8Array(Float64Array.from(list).buffer));
      spilled.add(shard);
    }
    pending.clear();
    held = 0;
  };
  return {
    add(shard, commit, ordinal, value) {
      let list = pending.get(shard);
      if (list === undefined) pending.set(shard, (list = []));
      list.push(commit, ordinal, value);
      held += 24;
      if (held >= budgetBytes) flush();
    },
    forEach(shard, visit) {
      if (spilled.has(shard)) {
        const bytes = readFileSync(fileOf(shard));
        const values = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
        for (let i = 0; i < values.length; i += 3) visit(values[i] as number, values[i + 1] as number, values[i + 2] as number);
      }
      const list = pending.get(shard) ?? [];
      for (let i = 0; i < list.length; i += 3) visit(list[i] as number, list[i + 1] as number, list[i + 2] as number);
    },
    close() {
      pending.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
