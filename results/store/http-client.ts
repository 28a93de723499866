/**
 * The HTTP client for isomorphic-git, with one repair.
 *
 * A remote whose HEAD names a branch that does not exist (a bare repository
 * that only ever received the results branch) advertises its refs without a
 * HEAD line. isomorphic-git's fetch then fails looking for HEAD after it has
 * moved the tracking ref but before it stores the pack. When HEAD is missing
 * from an upload-pack advertisement, this client adds a HEAD line with the first
 * ref's oid: fetch only uses it to name a default branch, which the store ignores.
 */
import http from 'isomorphic-git/http/node';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';

const ZERO_OID = '0'.repeat(40);

export const storeHttp: HttpClient = {
  async request(request: GitHttpRequest): Promise<GitHttpResponse> {
    const response = await http.request(request);
    if (!isUploadPackAdvertisement(request, response) || response.body === undefined) return response;
    const body = addMissingHead(await collect(response.body));
    return { ...response, body: single(body) };
  },
};

function isUploadPackAdvertisement(request: GitHttpRequest, response: GitHttpResponse): boolean {
  return (request.method ?? 'GET').toUpperCase() === 'GET' && response.statusCode === 200 && request.url.endsWith('/info/refs?service=git-upload-pack');
}

/** Inserts `<oid> HEAD` after the first ref line when no ref line names HEAD. */
export function addMissingHead(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body);
  let firstRefEnd = -1;
  let firstOid: string | null = null;
  let sawServiceLine = false;
  for (let at = 0; at + 4 <= text.length; ) {
    const length = Number.parseInt(text.toString('latin1', at, at + 4), 16);
    if (Number.isNaN(length)) return body;
    if (length === 0) {
      at += 4;
      continue;
    }
    if (length < 4 || at + length > text.length) return body;
    const line = text.toString('latin1', at + 4, at + length);
    at += length;
    if (!sawServiceLine && line.startsWith('# service=')) {
      sawServiceLine = true;
      continue;
    }
    const match = /^([0-9a-f]{40}) ([^\0\n]+)/.exec(line);
    if (match === null) continue;
    if (match[2] === 'HEAD') return body;
    if (firstOid === null) {
      firstOid = match[1] as string;
      firstRefEnd = at;
    }
  }
  if (firstOid === null || firstOid === ZERO_OID) return body;
  const payload = `${firstOid} HEAD\n`;
  const head = Buffer.from((payload.length + 4).toString(16).padStart(4, '0') + payload, 'latin1');
  return Buffer.concat([text.subarray(0, firstRefEnd), head, text.subarray(firstRefEnd)]);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function* single(body: Uint8Array): AsyncIterableIterator<Uint8Array> {
  yield body;
}
