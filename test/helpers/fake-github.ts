/**
 * A fake of the parts of GitHub's REST API that pitwall uses, on 127.0.0.1,
 * strict about what GitHub documents: bearer auth (401 on a wrong token), the
 * Accept, X-GitHub-Api-Version and User-Agent headers, JSON bodies with a
 * content type, the shape and limits of each body, and pagination through
 * Link headers pointing at `/repositories/{id}/...` as GitHub's do. It can be
 * told to fail or rate-limit the next requests.
 *
 * Anything a real GitHub would reject is answered with GitHub's error and
 * recorded in `violations`, so a test can assert that list is empty.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const COMMENT_BODY_LIMIT = 65_536;
export const STATUS_DESCRIPTION_LIMIT = 140;
const API_VERSION = '2022-11-28';
const DOCS = 'https://docs.github.com/rest';

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeStatus {
  owner: string;
  repo: string;
  sha: string;
  state: string;
  target_url: string | null;
  description: string | null;
  context: string;
}

export interface FakeIssue {
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
}

export const ISSUE_TITLE_LIMIT = 256;

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body text ('' without one). */
  body: string;
  /** Status the fake answered. */
  status: number;
}

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'retry-after'; seconds: number; status: 403 | 429 }
  | { kind: 'reset'; inSeconds: number; status: 403 | 429 };

export interface FakeGitHub {
  /** API root to pass as GITHUB_API_URL. */
  apiUrl: string;
  token: string;
  requests: RecordedRequest[];
  violations: string[];
  statuses: FakeStatus[];
  comments(owner: string, repo: string, issue: number): FakeComment[];
  issues(owner: string, repo: string): FakeIssue[];
  addComments(owner: string, repo: string, issue: number, bodies: readonly string[]): void;
  /** The next `count` requests get this fault (Infinity: every request from now on). */
  failNext(count: number, fault?: Fault): void;
  /** Requests that met a fault; those never change any state. */
  readonly faulted: number;
  stop(): Promise<void>;
}

export interface FakeGitHubOptions {
  token?: string;
}

class HttpFailure extends Error {
  readonly status: number;
  readonly payload: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(payload['message']));
    this.status = status;
    this.payload = payload;
    this.headers = headers;
  }
}

function validationFailed(resource: string, field: string, message: string): HttpFailure {
  return new HttpFailure(422, {
    message: 'Validation Failed',
    errors: [{ resource, code: 'custom', field, message }],
    documentation_url: DOCS,
    status: '422',
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = options.token ?? 'ghs_fakeToken0123456789abcdefABCDEF';
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const statuses: FakeStatus[] = [];
  const allComments: FakeComment[] = [];
  const repoIds = new Map<string, number>();
  const faults: Fault[] = [];
  let endlessFault: Fault | null = null;
  let faulted = 0;
  let nextCommentId = 1_000;
  const allIssues: FakeIssue[] = [];
  let clock = Date.parse('2026-11-20T10:00:00Z');
  let base = '';

  const repoId = (owner: string, repo: string): number => {
    const key = `${owner.toLowerCase()}/${repo.toLowerCase()}`;
    let id = repoIds.get(key);
    if (id === undefined) repoIds.set(key, (id = 700_000 + repoIds.size));
    return id;
  };
  const repoById = (id: number): { owner: string; repo: string } | undefined => {
    for (const [key, value] of repoIds) if (value === id) return { owner: key.split('/')[0]!, repo: key.split('/')[1]! };
    return undefined;
  };
  const stamp = () => new Date((clock += 1000)).toISOString().replace(/\.\d+Z$/, 'Z');
  const commentJson = (c: FakeComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
    body: c.body,
    user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE',
  });
  const issueComments = (owner: string, repo: string, issue: number) =>
    allComments.filter((c) => c.owner.toLowerCase() === owner.toLowerCase() && c.repo.toLowerCase() === repo.toLowerCase() && c.issue === issue);

  function checkHeaders(req: IncomingMessage, method: string): void {
    const auth = req.headers['authorization'];
    if (auth === undefined) throw new HttpFailure(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
    if (auth !== `Bearer ${token}`) {
      if (!/^Bearer \S+$/.test(auth)) violations.push(`${method} ${req.url}: Authorization is not "Bearer <token>"`);
      throw new HttpFailure(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    if (!req.headers['user-agent']) {
      violations.push(`${method} ${req.url}: no User-Agent`);
      throw new HttpFailure(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header', status: '403' });
    }
    if (req.headers['accept'] !== 'application/vnd.github+json') {
      violations.push(`${method} ${req.url}: Accept is ${JSON.stringify(req.headers['accept'])}, not application/vnd.github+json`);
      throw new HttpFailure(415, { message: 'Unsupported media type', documentation_url: DOCS, status: '415' });
    }
    if (req.headers['x-github-api-version'] !== API_VERSION) {
      violations.push(`${method} ${req.url}: X-GitHub-Api-Version is ${JSON.stringify(req.headers['x-github-api-version'])}`);
      throw new HttpFailure(400, { message: `API version ${String(req.headers['x-github-api-version'])} is not supported.`, documentation_url: DOCS, status: '400' });
    }
  }

  function parseJsonBody(req: IncomingMessage, text: string, allowed: readonly string[]): Record<string, unknown> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json(;|$)/.test(type)) {
      violations.push(`${req.method} ${req.url}: body sent with Content-Type ${JSON.stringify(type)}`);
      throw new HttpFailure(415, { message: 'Unsupported Media Type', status: '415' });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      violations.push(`${req.method} ${req.url}: body is not JSON`);
      throw new HttpFailure(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      violations.push(`${req.method} ${req.url}: body is not a JSON object`);
      throw new HttpFailure(400, { message: 'Problems parsing JSON', status: '400' });
    }
    for (const key of Object.keys(parsed)) if (!allowed.includes(key)) violations.push(`${req.method} ${req.url}: unexpected body field "${key}"`);
    return parsed as Record<string, unknown>;
  }

  function commentBody(req: IncomingMessage, text: string): string {
    const body = parseJsonBody(req, text, ['body'])['body'];
    if (typeof body !== 'string' || body === '') {
      violations.push(`${req.method} ${req.url}: "body" is missing or not a string`);
      throw validationFailed('IssueComment', 'body', 'body is missing');
    }
    if (body.length > COMMENT_BODY_LIMIT) {
      violations.push(`${req.method} ${req.url}: body has ${body.length} characters`);
      throw validationFailed('IssueComment', 'body', `body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)`);
    }
    return body;
  }

  const issueJson = (i: FakeIssue) => ({
    id: 5_000_000 + i.number,
    node_id: `I_${i.number}`,
    url: `${base}/repos/${i.owner}/${i.repo}/issues/${i.number}`,
    html_url: `https://github.com/${i.owner}/${i.repo}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    title: i.title,
    body: i.body,
    labels: i.labels.map((name, k) => ({ id: 100 + k, name })),
    user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    created_at: i.createdAt,
    updated_at: i.updatedAt,
  });

  /** The fields GitHub documents for creating (POST) and updating (PATCH) an issue, with their types and limits. */
  function issueFields(req: IncomingMessage, text: string, creating: boolean): Partial<Pick<FakeIssue, 'title' | 'body' | 'labels' | 'state'>> {
    const body = parseJsonBody(req, text, creating ? ['title', 'body', 'labels', 'assignees', 'milestone', 'assignee'] : ['title', 'body', 'labels', 'assignees', 'milestone', 'assignee', 'state', 'state_reason']);
    const out: Partial<Pick<FakeIssue, 'title' | 'body' | 'labels' | 'state'>> = {};
    const title = body['title'];
    if (title !== undefined || creating) {
      if (typeof title !== 'string' || title.trim() === '' || title.length > ISSUE_TITLE_LIMIT) {
        violations.push(`${req.method} ${req.url}: title ${JSON.stringify(title)}`);
        throw validationFailed('Issue', 'title', title === undefined ? 'title is missing' : 'title is invalid');
      }
      out.title = title;
    }
    if (body['body'] !== undefined) {
      const text = body['body'];
      if (text !== null && (typeof text !== 'string' || text.length > COMMENT_BODY_LIMIT)) {
        violations.push(`${req.method} ${req.url}: body is not a string of at most ${COMMENT_BODY_LIMIT} characters`);
        throw validationFailed('Issue', 'body', 'body is too long');
      }
      out.body = text as string | null;
    }
    if (body['labels'] !== undefined) {
      const labels = body['labels'];
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
        violations.push(`${req.method} ${req.url}: labels is not an array of strings`);
        throw validationFailed('Issue', 'labels', 'labels is invalid');
      }
      out.labels = labels as string[];
    }
    if (body['state'] !== undefined) {
      if (body['state'] !== 'open' && body['state'] !== 'closed') {
        violations.push(`${req.method} ${req.url}: state ${JSON.stringify(body['state'])}`);
        throw validationFailed('Issue', 'state', 'state is not included in the list');
      }
      out.state = body['state'];
    }
    return out;
  }

  function listComments(res: ServerResponse, owner: string, repo: string, issue: number, query: URLSearchParams): void {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const list = issueComments(owner, repo, issue);
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const linkTo = (p: number) => `<${base}/repositories/${repoId(owner, repo)}/issues/${issue}/comments?per_page=${perPage}&page=${p}>`;
    const links: string[] = [];
    if (page > 1) links.push(`${linkTo(page - 1)}; rel="prev"`);
    if (page < last) links.push(`${linkTo(page + 1)}; rel="next"`, `${linkTo(last)}; rel="last"`);
    if (page > 1) links.push(`${linkTo(1)}; rel="first"`);
    const headers: Record<string, string> = links.length > 0 ? { Link: links.join(', ') } : {};
    send(res, 200, list.slice((page - 1) * perPage, page * perPage).map(commentJson), headers);
  }

  function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'X-GitHub-Api-Version-Selected': API_VERSION,
      'X-RateLimit-Limit': '5000',
      'X-RateLimit-Remaining': '4999',
      'X-RateLimit-Reset': String(reset),
      'X-RateLimit-Used': '1',
      'X-RateLimit-Resource': 'core',
      ...headers,
    });
    res.end(payload === null ? '' : JSON.stringify(payload));
  }

  function faultResponse(fault: Fault): HttpFailure {
    if (fault.kind === 'status') return new HttpFailure(fault.status, { message: fault.status >= 500 ? 'Server Error' : 'Error' });
    if (fault.kind === 'retry-after') {
      return new HttpFailure(fault.status, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS, status: String(fault.status) }, { 'Retry-After': String(fault.seconds) });
    }
    const reset = Math.ceil(Date.now() / 1000 + fault.inSeconds);
    return new HttpFailure(fault.status, { message: 'API rate limit exceeded for installation ID 1.', documentation_url: DOCS, status: String(fault.status) }, {
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(reset),
      'X-RateLimit-Used': '5000',
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const fault = faults.shift() ?? endlessFault;
    if (fault !== null) {
      faulted++;
      throw faultResponse(fault);
    }
    checkHeaders(req, method);
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const [owner, repo, issue] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), Number(m[3])];
      repoId(owner, repo);
      if (method === 'GET') return listComments(res, owner, repo, issue, url.searchParams);
      if (method === 'POST') {
        const body = commentBody(req, text);
        const now = stamp();
        const comment = { id: nextCommentId++, owner, repo, issue, body, createdAt: now, updatedAt: now };
        allComments.push(comment);
        return send(res, 201, commentJson(comment), { Location: `${base}/repos/${owner}/${repo}/issues/comments/${comment.id}` });
      }
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(path)) && method === 'POST') {
      const [owner, repo] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
      repoId(owner, repo);
      const fields = issueFields(req, text, true);
      const now = stamp();
      // Issues and pull requests share one sequence of numbers per repository.
      const number = allIssues.filter((i) => i.owner === owner && i.repo === repo).length + 1;
      const issue: FakeIssue = { number, owner, repo, title: fields.title!, body: fields.body ?? null, labels: fields.labels ?? [], state: 'open', createdAt: now, updatedAt: now };
      allIssues.push(issue);
      return send(res, 201, issueJson(issue), { Location: `${base}/repos/${owner}/${repo}/issues/${number}` });
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const issue = allIssues.find((i) => i.number === Number(m![3]) && i.owner === decodeURIComponent(m![1]!) && i.repo === decodeURIComponent(m![2]!));
      if (issue === undefined) throw new HttpFailure(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      Object.assign(issue, issueFields(req, text, false), { updatedAt: stamp() });
      return send(res, 200, issueJson(issue));
    }
    if ((m = /^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/.exec(path)) && method === 'GET') {
      const found = repoById(Number(m[1]));
      if (found === undefined) throw new HttpFailure(404, { message: 'Not Found', status: '404' });
      return listComments(res, found.owner, found.repo, Number(m[2]), url.searchParams);
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const comment = allComments.find((c) => c.id === Number(m![3]) && c.owner === decodeURIComponent(m![1]!) && c.repo === decodeURIComponent(m![2]!));
      if (comment === undefined) throw new HttpFailure(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      comment.body = commentBody(req, text);
      comment.updatedAt = stamp();
      return send(res, 200, commentJson(comment));
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/.exec(path)) && method === 'POST') {
      const body = parseJsonBody(req, text, ['state', 'target_url', 'description', 'context']);
      const sha = decodeURIComponent(m[3]!);
      const state = body['state'];
      if (!/^[0-9a-f]{40}$/.test(sha)) throw validationFailed('Status', 'sha', `No commit found for SHA: ${sha}`);
      if (state !== 'error' && state !== 'failure' && state !== 'pending' && state !== 'success') {
        violations.push(`POST ${path}: state ${JSON.stringify(state)}`);
        throw validationFailed('Status', 'state', 'state is not included in the list');
      }
      const description = body['description'];
      if (description !== undefined && description !== null && (typeof description !== 'string' || description.length > STATUS_DESCRIPTION_LIMIT)) {
        violations.push(`POST ${path}: description ${JSON.stringify(description)}`);
        throw validationFailed('Status', 'description', `description is too long (maximum is ${STATUS_DESCRIPTION_LIMIT} characters)`);
      }
      const target = body['target_url'];
      if (target !== undefined && target !== null && (typeof target !== 'string' || !/^https?:\/\//.test(target))) {
        violations.push(`POST ${path}: target_url ${JSON.stringify(target)}`);
        throw validationFailed('Status', 'target_url', 'target_url is not a valid URL');
      }
      const context = typeof body['context'] === 'string' ? body['context'] : 'default';
      const status: FakeStatus = {
        owner: decodeURIComponent(m[1]!),
        repo: decodeURIComponent(m[2]!),
        sha,
        state,
        target_url: (target as string | undefined) ?? null,
        description: (description as string | undefined) ?? null,
        context,
      };
      statuses.push(status);
      return send(res, 201, { url: `${base}${path}`, id: statuses.length, state, description: status.description, target_url: status.target_url, context, created_at: stamp() });
    }
    throw new HttpFailure(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  const server = createServer((req, res) => {
    void readBody(req).then(async (text) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: text, status: 0 };
      requests.push(record);
      try {
        await route(req, res, text);
        record.status = res.statusCode;
      } catch (error) {
        const failure = error instanceof HttpFailure ? error : new HttpFailure(500, { message: (error as Error).message });
        record.status = failure.status;
        send(res, failure.status, failure.payload, failure.headers);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: base,
    token,
    requests,
    violations,
    statuses,
    comments: (owner, repo, issue) => issueComments(owner, repo, issue),
    issues: (owner, repo) => allIssues.filter((i) => i.owner.toLowerCase() === owner.toLowerCase() && i.repo.toLowerCase() === repo.toLowerCase()),
    addComments(owner, repo, issue, bodies) {
      repoId(owner, repo);
      for (const body of bodies) {
        const now = stamp();
        allComments.push({ id: nextCommentId++, owner, repo, issue, body, createdAt: now, updatedAt: now });
      }
    },
    failNext(count, fault = { kind: 'status', status: 502 }) {
      if (count === Infinity) endlessFault = fault;
      else for (let i = 0; i < count; i++) faults.push(fault);
    },
    get faulted() {
      return faulted;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
