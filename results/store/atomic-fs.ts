/**
 * The file system client handed to isomorphic-git for a results repository.
 *
 * isomorphic-git writes loose objects, refs and pack files in place. A process
 * killed half-way (or a reader in another process at the wrong moment) then sees
 * a truncated file that git trusts from then on: a loose object that "exists" and
 * is never rewritten, a ref holding half an oid, a pack index that fails every
 * later read. Here each write goes to a temporary file that is renamed over its
 * target, which is atomic within one file system.
 *
 * Temporary files live in `<gitdir>/objects` and are named `tmp_obj_*`, the
 * pattern `git gc` already prunes, so one left by a killed process is harmless
 * and needs no clean-up by hand.
 */
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { PromiseFsClient } from 'isomorphic-git';

let sequence = 0;

/** A node:fs promise client whose writeFile is atomic for every path inside `gitdir`. */
export function createStoreFs(gitdir: string): PromiseFsClient {
  const root = path.resolve(gitdir) + path.sep;
  const tmpDir = path.join(gitdir, 'objects');
  const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;

  async function writeFile(target: string, data: string | Uint8Array, options?: unknown): Promise<void> {
    if (!path.resolve(target).startsWith(root)) {
      await fsp.writeFile(target, data, options as Parameters<typeof fsp.writeFile>[2]);
      return;
    }
    const tmp = path.join(tmpDir, `tmp_obj_pitwall_${tag}_${sequence++}`);
    await fsp.writeFile(tmp, data, options as Parameters<typeof fsp.writeFile>[2]);
    try {
      await fsp.rename(tmp, target);
    } catch (error) {
      // ENOENT here means the target's folder is missing: isomorphic-git creates
      // it and calls writeFile again, as it does after a plain writeFile fails.
      await fsp.rm(tmp, { force: true });
      throw error;
    }
  }

  const promises = {
    readFile: fsp.readFile,
    writeFile,
    unlink: fsp.unlink,
    readdir: fsp.readdir,
    mkdir: fsp.mkdir,
    rmdir: fsp.rmdir,
    stat: fsp.stat,
    lstat: fsp.lstat,
    readlink: fsp.readlink,
    symlink: fsp.symlink,
    chmod: fsp.chmod,
    rm: fsp.rm,
  };
  return { promises };
}
