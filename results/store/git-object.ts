/** What the object reader's parts share: the object shape and its two errors. */
import { PitwallError } from '../errors.ts';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

/** An object's type and its content (without the `<type> <size>\0` header). */
export interface GitObject {
  type: ObjectType;
  data: Buffer;
}

/** Finds an object by its binary oid anywhere in the database, or returns null. */
export type FindObject = (oid: Buffer) => GitObject | null;

export function objectNotFound(oid: string, gitdir: string): PitwallError {
  return new PitwallError('OBJECT_NOT_FOUND', `Cannot find git object "${oid}" in "${gitdir}"`, {
    hint: 'Fetch the results branch again (git fetch origin results); if the repository is a partial or shallow clone, clone it in full',
  });
}

/** `where` names the file (and offset) that holds the damage; `what` says what is wrong. */
export function objectCorrupt(where: string, what: string, cause?: unknown): PitwallError {
  return new PitwallError('OBJECT_CORRUPT', `Cannot read git objects from "${where}": ${what}`, {
    hint: 'Run "git fsck" in the repository; re-fetch or re-clone it if objects are damaged',
    ...(cause === undefined ? {} : { cause }),
  });
}
