/**
 * Makes a checkout folder a git repository of its own, as a local clone that
 * shares objects with the user's repository would be: `.git/objects` borrows
 * the user's objects through `objects/info/alternates` (nothing is copied),
 * `HEAD` is the commit under test (detached), the tags and branches are there
 * (branches as `origin/<name>`), and the index matches the files written, so
 * `git ls-files`, `git log -1`, `git describe` and `git rev-parse HEAD` work in
 * it and `git status` is clean.
 *
 * Only files inside the checkout are written: the user's repository, its
 * worktree list, index, HEAD and refs are read, never changed.
 */
import { mkdir, readdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { formatGitIndex, type IndexEntry } from './git-index.ts';

export interface CheckoutGitDirOptions {
  /** The checkout folder; `.git` is created in it. */
  dir: string;
  /** The user's git directory holding objects and refs (for a linked worktree: the common one). */
  sourceGitdir: string;
  /** The user's working tree, named as the clone's origin; the git directory when bare. */
  sourceUrl: string;
  commit: string;
  entries: readonly IndexEntry[];
}

const HEX40 = /^[0-9a-f]{40}$/;

export async function writeCheckoutGitDir(options: CheckoutGitDirOptions): Promise<void> {
  const gitdir = path.join(options.dir, '.git');
  await mkdir(path.join(gitdir, 'objects', 'info'), { recursive: true });
  await Promise.all([
    mkdir(path.join(gitdir, 'objects', 'pack')),
    mkdir(path.join(gitdir, 'refs', 'heads'), { recursive: true }),
    mkdir(path.join(gitdir, 'refs', 'tags'), { recursive: true }),
  ]);
  const refs = await readRefs(options.sourceGitdir);
  const packed = [...refs]
    .flatMap(([name, oid]) => {
      if (name.startsWith('refs/tags/')) return [[name, oid] as const];
      if (name.startsWith('refs/heads/')) return [[`refs/remotes/origin/${name.slice('refs/heads/'.length)}`, oid] as const];
      return [];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await Promise.all([
    writeFile(path.join(gitdir, 'HEAD'), `${options.commit}\n`),
    writeFile(path.join(gitdir, 'config'), formatConfig(options.sourceUrl)),
    writeFile(path.join(gitdir, 'objects', 'info', 'alternates'), `${path.resolve(options.sourceGitdir, 'objects')}\n`),
    writeFile(path.join(gitdir, 'packed-refs'), `# pack-refs with: sorted \n${packed.map(([name, oid]) => `${oid} ${name}\n`).join('')}`),
    writeFile(path.join(gitdir, 'index'), formatGitIndex(options.entries)),
    // A shallow repository's history ends at the commits listed here; without the list git would look for their parents.
    copyFile(path.join(options.sourceGitdir, 'shallow'), path.join(gitdir, 'shallow')).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    }),
  ]);
}

function formatConfig(url: string): string {
  // Quoted so that any path reads back as written.
  const quoted = `"${url.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return [
    '[core]',
    '\trepositoryformatversion = 0',
    '\tfilemode = true',
    '\tbare = false',
    '\tlogallrefupdates = false',
    '[remote "origin"]',
    `\turl = ${quoted}`,
    '\tfetch = +refs/heads/*:refs/remotes/origin/*',
    '',
  ].join('\n');
}

/** Branches and tags of a git directory: `packed-refs`, overridden by loose refs, as git reads them. */
async function readRefs(gitdir: string): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  const packed = await readFile(path.join(gitdir, 'packed-refs'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  for (const line of packed.split('\n')) {
    const [oid, name] = line.split(' ');
    if (oid !== undefined && name !== undefined && HEX40.test(oid)) refs.set(name, oid);
  }
  await readLooseRefs(gitdir, 'refs/heads', refs);
  await readLooseRefs(gitdir, 'refs/tags', refs);
  return refs;
}

async function readLooseRefs(gitdir: string, prefix: string, refs: Map<string, string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(gitdir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const name = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      await readLooseRefs(gitdir, name, refs);
    } else if (entry.isFile() && !entry.name.endsWith('.lock')) {
      const oid = (await readFile(path.join(gitdir, name), 'utf8')).trim();
      // A symbolic ref ("ref: refs/heads/main") names another ref that is listed anyway.
      if (HEX40.test(oid)) refs.set(name, oid);
    }
  }
}
