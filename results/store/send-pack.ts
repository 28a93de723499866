/**
 * Sends local results commits to a git smart-HTTP server (receive-pack),
 * packing only the objects those commits add: each commit, the trees on the
 * paths that changed and the new blobs, found by comparing each commit's tree
 * with its parent's and skipping subtrees with equal ids. isomorphic-git's
 * push lists every object of the whole tree of the branch (and of its merge
 * base) to work this out, and loads whole pack files to read them, which
 * grows with the history; this grows with the size of the new runs.
 *
 * The update is sent as "<remote tip we built on> -> <new tip>": when the
 * server's branch moved since, the push is refused (PushRejectedError before
 * sending, or GitPushError from the server if it moved during the request),
 * which pushResults retries after fetching and replaying. Errors carry
 * isomorphic-git's codes, so callers handle them as they did git.push's.
 */
import git from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git';
import type { ResultsRepo } from './repo.ts';
import { readTreeEntries } from './tree-cache.ts';
import { readCommitDirect, readObjectDirect } from './direct-objects.ts';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const ZERO_OID = '0'.repeat(40);

export interface SendPackOptions {
  url: string;
  /** Full ref name on both sides, e.g. refs/heads/results. */
  ref: string;
  /** The remote tip the local commits sit on; null when the remote has no such branch. */
  oldOid: string | null;
  /** Local commits the remote lacks, oldest first; the last is the new tip. */
  commits: readonly string[];
  /** The HTTP client (with the configured timeouts). */
  http: HttpClient;
  token?: string;
  onMessage?: (line: string) => void;
  /** What the server advertised to a pusher just before (see readAdvertisement); read again when absent. */
  advertisement?: Advertisement;
}

/** The receive-pack advertisement: the branch's tip there and the server's capabilities. */
export interface Advertisement {
  tip: string | null;
  capabilities: Record<string, unknown>;
}

/** The objects `commits` add to their first parents (commit, changed trees, new blobs). */
export async function listAddedObjects(repo: ResultsRepo, commits: readonly string[]): Promise<string[]> {
  const objects = new Set<string>();
  for (const oid of commits) {
    const commit = await readCommitDirect(repo, oid);
    objects.add(oid);
    const parent = commit.parent[0];
    const parentTree = parent === undefined ? null : (await readCommitDirect(repo, parent)).tree;
    await addTreeChanges(repo, parentTree, commit.tree, objects);
  }
  return [...objects];
}

async function addTreeChanges(repo: ResultsRepo, fromTree: string | null, toTree: string, objects: Set<string>): Promise<void> {
  if (fromTree === toTree || objects.has(toTree)) return;
  objects.add(toTree);
  const before = new Map<string, string>();
  if (fromTree !== null) for (const entry of await readTreeEntries(repo, fromTree)) before.set(entry.path, entry.oid);
  for (const entry of await readTreeEntries(repo, toTree)) {
    const old = before.get(entry.path);
    if (old === entry.oid) continue;
    if (entry.type === 'tree') await addTreeChanges(repo, old ?? null, entry.oid, objects);
    else if (entry.type === 'blob') objects.add(entry.oid);
  }
}

const TYPE_CODES = { commit: 1, tree: 2, blob: 3, tag: 4 } as const;

/**
 * A version 2 pack of whole objects (no deltas): "PACK", version, count, then
 * per object a type-and-size header and its zlib-deflated content, then the
 * SHA-1 of everything before. The objects are a run's few files and trees.
 */
export async function writePack(repo: ResultsRepo, oids: readonly string[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(oids.length, 8);
  parts.push(header);
  for (const oid of oids) {
    const { type, data } = await readObjectDirect(repo, oid);
    const bytes: number[] = [];
    let size = data.length;
    let byte = (TYPE_CODES[type] << 4) | (size & 0x0f);
    size = Math.floor(size / 16);
    while (size > 0) {
      bytes.push(byte | 0x80);
      byte = size & 0x7f;
      size = Math.floor(size / 128);
    }
    bytes.push(byte);
    parts.push(Buffer.from(bytes), deflateSync(data));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

function pktLine(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0'), 'latin1'), body]);
}

/** Splits pkt-lines; null stands for a flush packet. */
function readPktLines(data: Buffer): (Buffer | null)[] {
  const lines: (Buffer | null)[] = [];
  for (let at = 0; at + 4 <= data.length; ) {
    const length = Number.parseInt(data.toString('latin1', at, at + 4), 16);
    if (Number.isNaN(length)) break;
    if (length < 4) {
      lines.push(null);
      at += 4;
      continue;
    }
    lines.push(data.subarray(at + 4, at + length));
    at += length;
  }
  return lines;
}

async function* once(data: Uint8Array): AsyncIterableIterator<Uint8Array> {
  yield data;
}

async function collect(body: AsyncIterableIterator<Uint8Array> | undefined): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  if (body !== undefined) for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

/**
 * The remote branch's tip as the server advertises it to a pusher (one small
 * request; the tip is null when it has no such branch), with its capabilities.
 * A push whose tracking ref already holds that tip has nothing to fetch, and
 * sends its pack on this same advertisement.
 */
export async function readAdvertisement(http: HttpClient, url: string, ref: string, token: string | undefined): Promise<Advertisement> {
  const info = await git.getRemoteInfo2({
    http,
    url,
    forPush: true,
    protocolVersion: 1,
    ...(token === undefined ? {} : { onAuth: () => ({ username: 'x-access-token', password: token }) }),
  });
  return { tip: info.refs?.find((r) => r.ref === ref)?.oid ?? null, capabilities: info.capabilities };
}

export async function sendPack(repo: ResultsRepo, options: SendPackOptions): Promise<void> {
  const newOid = options.commits.at(-1);
  if (newOid === undefined) return;
  const authHeader: Record<string, string> = options.token === undefined ? {} : { authorization: `Basic ${Buffer.from(`x-access-token:${options.token}`).toString('base64')}` };
  const info = options.advertisement ?? (await readAdvertisement(options.http, options.url, options.ref, options.token));
  if (info.tip !== options.oldOid) throw new git.Errors.PushRejectedError('not-fast-forward');
  const packfile = await writePack(repo, await listAddedObjects(repo, options.commits));
  const capabilities = ['report-status', 'side-band-64k'].filter((c) => c in info.capabilities);
  const request = Buffer.concat([
    pktLine(`${options.oldOid ?? ZERO_OID} ${newOid} ${options.ref}\0${capabilities.join(' ')}\n`),
    Buffer.from('0000', 'latin1'),
    packfile,
  ]);
  const response = await options.http.request({
    url: `${options.url.replace(/\/+$/, '')}/git-receive-pack`,
    method: 'POST',
    headers: { 'content-type': 'application/x-git-receive-pack-request', accept: 'application/x-git-receive-pack-result', ...authHeader },
    body: once(request),
  });
  const body = await collect(response.body);
  if (response.statusCode !== 200) throw new git.Errors.HttpError(response.statusCode, response.statusMessage, body.toString('utf8'));
  let status = body;
  if (capabilities.includes('side-band-64k')) {
    const report: Buffer[] = [];
    for (const line of readPktLines(body)) {
      if (line === null || line.length === 0) continue;
      const band = line[0];
      const data = line.subarray(1);
      if (band === 1) report.push(data);
      else if (band === 2) for (const text of data.toString('utf8').split(/[\r\n]+/)) { if (text !== '') options.onMessage?.(text); }
      else if (band === 3) throw new git.Errors.GitPushError(data.toString('utf8').trim(), { ok: false, error: data.toString('utf8').trim(), refs: {} });
    }
    status = Buffer.concat(report);
  }
  const lines = readPktLines(status).filter((l): l is Buffer => l !== null).map((l) => l.toString('utf8').replace(/\n$/, ''));
  const unpack = lines.find((l) => l.startsWith('unpack '));
  const refLine = lines.find((l) => l.startsWith(`ok ${options.ref}`) || l.startsWith(`ng ${options.ref}`));
  if (unpack !== 'unpack ok' || refLine === undefined || refLine.startsWith('ng ')) {
    const details = refLine?.startsWith('ng ') ? refLine.slice(`ng ${options.ref} `.length) : (unpack ?? 'no status from the server');
    throw new git.Errors.GitPushError(details, { ok: false, error: details, refs: {} });
  }
}
