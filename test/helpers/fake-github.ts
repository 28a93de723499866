/**
 * A fake of the parts of GitHub's REST API that pitwall uses, on 127.0.0.1.
 * It enforces what GitHub documents and nothing more:
 *
 * - bearer auth (401 "Bad credentials" for an unknown token), a User-Agent
 *   (403 without one), and an API version it knows when one is sent; no
 *   Accept header, `*\/*` and a missing X-GitHub-Api-Version are accepted, as
 *   GitHub accepts them;
 * - repositories, issues, pull requests and commits that exist: an unknown
 *   repository or issue is 404, a status on an unknown commit 422;
 * - owner and repository names in any case;
 * - a read-only token (an Actions token in a fork's event, or one granted
 *   only `read`) gets 403 "Resource not accessible by integration" on writes;
 * - an installation token (GITHUB_TOKEN) gets 403 on GET /user, a user token
 *   its login;
 * - the shape and limits of each body (65,536 characters for a comment, 140
 *   characters, counted as code points, for a status description);
 * - pagination through Link headers pointing at `/repositories/{id}/...`;
 * - the secondary rate limit on creating content: more than 80 comments or
 *   issues in a minute get 403 "You have exceeded a secondary rate limit";
 * - issues created and updated with the fields GitHub documents (a title of
 *   at most 256 characters, a body, labels as strings), numbered in the same
 *   sequence as the repository's pull requests.
 *
 * Faults can be injected before a request is handled (nothing changes) or
 * after it changed the state (the answer is lost, as when a proxy times out
 * after GitHub created a comment). Anything a real GitHub would reject is
 * answered with GitHub's error and recorded in `violations`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const COMMENT_BODY_LIMIT = 65_536;
export const STATUS_DESCRIPTION_LIMIT = 140;
/** GitHub's documented ceiling on content-creating requests (comments among them) per minute. */
export const CONTENT_CREATION_PER_MINUTE = 80;
const API_VERSION = '2022-11-28';
const DOCS = 'https://docs.github.com/rest';
const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
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

export interface FakeStatus {
  owner: string;
  repo: string;
  sha: string;
  state: string;
  target_url: string | null;
  description: string | null;
  context: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body text ('' without one). */
  body: string;
  /** Status the fake answered (0 when the connection was dropped). */
  status: number;
}

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'retry-after'; seconds: number; status: 403 | 429 }
  | { kind: 'secondary'; status: 403 | 429 }
  | { kind: 'reset'; inSeconds: number; status: 403 | 429 }
  /** The connection is closed without an answer. */
  | { kind: 'drop' };

export interface FaultOptions {
  /** Handle the request (changing the state) and only then fail its answer. */
  after?: boolean;
  /** Only requests with this method and a path matching this pattern meet the fault. */
  method?: string;
  path?: RegExp;
}

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface FakePullRequest {
  number: number;
  head: string;
  /** `owner/name` of the head repository: a fork's, or this one's. */
  headRepo?: string;
  headRef?: string;
  base?: string;
  state?: 'open' | 'closed';
}

export interface FakeRepositorySpec {
  owner: string;
  name: string;
  commits?: readonly string[];
  pulls?: readonly FakePullRequest[];
  /** Issue numbers that are not pull requests. */
  issues?: readonly number[];
  collaborators?: Readonly<Record<string, Permission>>;
  private?: boolean;
}

export interface FakeTokenSpec {
  /** `installation` is a GitHub App token such as GITHUB_TOKEN; `user` a personal token. */
  kind: 'installation' | 'user';
  access: 'read' | 'write';
  /** The identity comments are written as; default github-actions[bot] for installation tokens. */
  user?: FakeUser;
}

export interface FakeGitHub {
  /** API root to pass as GITHUB_API_URL. */
  apiUrl: string;
  /** A write installation token (as GITHUB_TOKEN with write permissions). */
  token: string;
  requests: RecordedRequest[];
  violations: string[];
  statuses: FakeStatus[];
  addRepository(spec: FakeRepositorySpec): void;
  addToken(token: string, spec: FakeTokenSpec): void;
  /** A push to the pull request's branch: its head becomes `sha` (a known commit from then on). */
  pushToPull(owner: string, repo: string, number: number, sha: string): void;
  comments(owner: string, repo: string, issue: number): FakeComment[];
  /** Issues created through the API (not pull requests). */
  issues(owner: string, repo: string): FakeIssue[];
  /** Comments by `user` (default github-actions[bot]); creates the issue when the repository lacks it. */
  addComments(owner: string, repo: string, issue: number, bodies: readonly string[], user?: FakeUser): void;
  /** The next `count` requests (that match) get this fault (Infinity: every request from now on). */
  failNext(count: number, fault?: Fault, options?: FaultOptions): void;
  /** Requests that met a fault. */
  readonly faulted: number;
  stop(): Promise<void>;
}

export interface FakeGitHubOptions {
  token?: string;
  /**
   * Repositories that exist. Default: acme/parser, where every issue number
   * from 1 to 50 is an open pull request and every 40-hex sha is a commit (the
   * permissive world of tests that do not care about either).
   */
  repositories?: readonly FakeRepositorySpec[];
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

const notFound = () => new HttpFailure(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
const forbiddenIntegration = () => new HttpFailure(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' });

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

interface RepoState {
  owner: string;
  name: string;
  id: number;
  anyCommit: boolean;
  anyPull: boolean;
  commits: Set<string>;
  pulls: Map<number, Required<FakePullRequest>>;
  issues: Set<number>;
  collaborators: Map<string, Permission>;
  private: boolean;
}

interface QueuedFault {
  fault: Fault;
  options: FaultOptions;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = options.token ?? 'ghs_fakeToken0123456789abcdefABCDEF';
  const tokens = new Map<string, FakeTokenSpec>([[token, { kind: 'installation', access: 'write' }]]);
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const statuses: FakeStatus[] = [];
  const allComments: FakeComment[] = [];
  const repos = new Map<string, RepoState>();
  const faults: QueuedFault[] = [];
  let endlessFault: QueuedFault | null = null;
  let faulted = 0;
  let nextCommentId = 1_000;
  const created: number[] = [];
  const allIssues: FakeIssue[] = [];
  let clock = Date.parse('2026-11-20T10:00:00Z');
  let base = '';

  const keyOf = (owner: string, repo: string) => `${owner.toLowerCase()}/${repo.toLowerCase()}`;
  function addRepository(spec: FakeRepositorySpec, permissive = false): RepoState {
    const state: RepoState = {
      owner: spec.owner,
      name: spec.name,
      id: 700_000 + repos.size,
      anyCommit: permissive,
      anyPull: permissive,
      commits: new Set(spec.commits ?? []),
      pulls: new Map(),
      issues: new Set(spec.issues ?? []),
      collaborators: new Map(Object.entries(spec.collaborators ?? {}).map(([login, p]) => [login.toLowerCase(), p])),
      private: spec.private ?? false,
    };
    for (const pr of spec.pulls ?? []) addPull(state, pr);
    repos.set(keyOf(spec.owner, spec.name), state);
    return state;
  }
  function addPull(state: RepoState, pr: FakePullRequest): void {
    state.pulls.set(pr.number, {
      number: pr.number,
      head: pr.head,
      headRepo: pr.headRepo ?? `${state.owner}/${state.name}`,
      headRef: pr.headRef ?? `branch-${pr.number}`,
      base: pr.base ?? '0'.repeat(40),
      state: pr.state ?? 'open',
    });
    state.commits.add(pr.head);
  }
  for (const spec of options.repositories ?? [{ owner: 'acme', name: 'parser' }]) addRepository(spec, options.repositories === undefined);

  const findRepo = (owner: string, repo: string): RepoState => {
    const found = repos.get(keyOf(owner, repo));
    if (found === undefined) throw notFound();
    return found;
  };
  const isIssue = (state: RepoState, issue: number) =>
    state.issues.has(issue) || state.pulls.has(issue) || (state.anyPull && issue >= 1 && issue <= 50);
  const requireIssue = (state: RepoState, issue: number) => {
    if (!isIssue(state, issue)) throw notFound();
  };
  const isCommit = (state: RepoState, sha: string) => state.commits.has(sha) || (state.anyCommit && /^[0-9a-f]{40}$/.test(sha));

  const stamp = () => new Date((clock += 1000)).toISOString().replace(/\.\d+Z$/, 'Z');
  const userOf = (spec: FakeTokenSpec): FakeUser => spec.user ?? ACTIONS_BOT;
  const commentJson = (c: FakeComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
    body: c.body,
    user: c.user,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
  });
  const issueComments = (owner: string, repo: string, issue: number) =>
    allComments.filter((c) => keyOf(c.owner, c.repo) === keyOf(owner, repo) && c.issue === issue);

  function authenticate(req: IncomingMessage, method: string): FakeTokenSpec {
    const auth = req.headers['authorization'];
    if (auth === undefined) throw new HttpFailure(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
    const match = /^(?:Bearer|token) (\S+)$/.exec(auth);
    const spec = match === null ? undefined : tokens.get(match[1]!);
    if (spec === undefined) {
      if (match === null) violations.push(`${method} ${req.url}: Authorization is not "Bearer <token>"`);
      throw new HttpFailure(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    if (!req.headers['user-agent']) {
      violations.push(`${method} ${req.url}: no User-Agent`);
      throw new HttpFailure(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header', status: '403' });
    }
    const accept = req.headers['accept'];
    if (accept !== undefined && !/(^|,)\s*(\*\/\*|application\/(vnd\.github(\.[a-z0-9-]+)*(\+json)?|json))\s*(;|,|$)/.test(accept)) {
      violations.push(`${method} ${req.url}: Accept is ${JSON.stringify(accept)}`);
      throw new HttpFailure(415, { message: 'Unsupported media type', documentation_url: DOCS, status: '415' });
    }
    const version = req.headers['x-github-api-version'];
    if (version !== undefined && version !== API_VERSION && version !== '2026-03-10') {
      violations.push(`${method} ${req.url}: X-GitHub-Api-Version is ${JSON.stringify(version)}`);
      throw new HttpFailure(400, { message: `API version ${String(version)} is not supported.`, documentation_url: DOCS, status: '400' });
    }
    return spec;
  }

  function requireWrite(spec: FakeTokenSpec): void {
    if (spec.access !== 'write') throw forbiddenIntegration();
  }

  /** GitHub's secondary rate limit on content creation (comments, issues). */
  function countCreation(): void {
    const now = Date.now();
    while (created.length > 0 && created[0]! <= now - 60_000) created.shift();
    if (created.length >= CONTENT_CREATION_PER_MINUTE) {
      throw new HttpFailure(403, { message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.', documentation_url: DOCS, status: '403' });
    }
    created.push(now);
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
    user: ACTIONS_BOT,
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
      const value = body['body'];
      if (value !== null && (typeof value !== 'string' || value.length > COMMENT_BODY_LIMIT)) {
        violations.push(`${req.method} ${req.url}: body is not a string of at most ${COMMENT_BODY_LIMIT} characters`);
        throw validationFailed('Issue', 'body', 'body is too long');
      }
      out.body = value as string | null;
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

  function listComments(res: ServerResponse, state: RepoState, issue: number, query: URLSearchParams): void {
    requireIssue(state, issue);
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const list = issueComments(state.owner, state.name, issue);
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const linkTo = (p: number) => `<${base}/repositories/${state.id}/issues/${issue}/comments?per_page=${perPage}&page=${p}>`;
    const links: string[] = [];
    if (page > 1) links.push(`${linkTo(page - 1)}; rel="prev"`);
    if (page < last) links.push(`${linkTo(page + 1)}; rel="next"`, `${linkTo(last)}; rel="last"`);
    if (page > 1) links.push(`${linkTo(1)}; rel="first"`);
    const headers: Record<string, string> = links.length > 0 ? { Link: links.join(', ') } : {};
    send(res, 200, list.slice((page - 1) * perPage, page * perPage).map(commentJson), headers);
  }

  function pullJson(state: RepoState, number: number) {
    const pr = state.pulls.get(number) ?? (state.anyPull && number >= 1 && number <= 50 ? { number, head: 'f'.repeat(40), headRepo: `${state.owner}/${state.name}`, headRef: `branch-${number}`, base: '0'.repeat(40), state: 'open' as const } : undefined);
    if (pr === undefined) throw notFound();
    const [headOwner = '', headName = ''] = pr.headRepo.split('/');
    return {
      url: `${base}/repos/${state.owner}/${state.name}/pulls/${number}`,
      number,
      state: pr.state,
      head: { sha: pr.head, ref: pr.headRef, label: `${headOwner}:${pr.headRef}`, repo: { full_name: pr.headRepo, name: headName, owner: { login: headOwner }, fork: pr.headRepo.toLowerCase() !== keyOf(state.owner, state.name) } },
      base: { sha: pr.base, ref: 'main', repo: { full_name: `${state.owner}/${state.name}`, name: state.name, owner: { login: state.owner } } },
    };
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

  function faultResponse(fault: Exclude<Fault, { kind: 'drop' }>): HttpFailure {
    if (fault.kind === 'status') return new HttpFailure(fault.status, { message: fault.status >= 500 ? 'Server Error' : 'Error' });
    const secondary = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS, status: String(fault.status) };
    if (fault.kind === 'retry-after') return new HttpFailure(fault.status, secondary, { 'Retry-After': String(fault.seconds) });
    if (fault.kind === 'secondary') return new HttpFailure(fault.status, secondary);
    const reset = Math.ceil(Date.now() / 1000 + fault.inSeconds);
    return new HttpFailure(fault.status, { message: 'API rate limit exceeded for installation ID 1.', documentation_url: DOCS, status: String(fault.status) }, {
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(reset),
      'X-RateLimit-Used': '5000',
    });
  }

  function takeFault(method: string, path: string): QueuedFault | null {
    const matches = (q: QueuedFault) => (q.options.method === undefined || q.options.method === method) && (q.options.path === undefined || q.options.path.test(path));
    const index = faults.findIndex(matches);
    if (index >= 0) return faults.splice(index, 1)[0]!;
    return endlessFault !== null && matches(endlessFault) ? endlessFault : null;
  }

  async function route(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const token = authenticate(req, method);
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (path === '/user' && method === 'GET') {
      if (token.kind === 'installation') throw forbiddenIntegration();
      return send(res, 200, userOf(token));
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      const issue = Number(m[3]);
      if (method === 'GET') return listComments(res, state, issue, url.searchParams);
      if (method === 'POST') {
        requireIssue(state, issue);
        requireWrite(token);
        const now = Date.now();
        while (created.length > 0 && created[0]! <= now - 60_000) created.shift();
        if (created.length >= CONTENT_CREATION_PER_MINUTE) {
          throw new HttpFailure(403, { message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.', documentation_url: DOCS, status: '403' });
        }
        created.push(now);
        const body = commentBody(req, text);
        const at = stamp();
        const comment: FakeComment = { id: nextCommentId++, owner: state.owner, repo: state.name, issue, body, user: userOf(token), createdAt: at, updatedAt: at };
        allComments.push(comment);
        return send(res, 201, commentJson(comment), { Location: `${base}/repos/${state.owner}/${state.name}/issues/comments/${comment.id}` });
      }
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(path)) && method === 'POST') {
      const state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      requireWrite(token);
      const fields = issueFields(req, text, true);
      countCreation();
      // Issues and pull requests share one sequence of numbers per repository.
      const number = Math.max(state.anyPull ? 50 : 0, ...state.issues, ...state.pulls.keys()) + 1;
      state.issues.add(number);
      const at = stamp();
      const issue: FakeIssue = { number, owner: state.owner, repo: state.name, title: fields.title!, body: fields.body ?? null, labels: fields.labels ?? [], state: 'open', createdAt: at, updatedAt: at };
      allIssues.push(issue);
      return send(res, 201, issueJson(issue), { Location: `${base}/repos/${state.owner}/${state.name}/issues/${number}` });
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      const issue = allIssues.find((i) => i.number === Number(m![3]) && keyOf(i.owner, i.repo) === keyOf(state.owner, state.name));
      if (issue === undefined) throw notFound();
      requireWrite(token);
      Object.assign(issue, issueFields(req, text, false), { updatedAt: stamp() });
      return send(res, 200, issueJson(issue));
    }
    if ((m = /^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/.exec(path)) && method === 'GET') {
      const state = [...repos.values()].find((r) => r.id === Number(m![1]));
      if (state === undefined) throw notFound();
      return listComments(res, state, Number(m[2]), url.searchParams);
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      const comment = allComments.find((c) => c.id === Number(m![3]) && keyOf(c.owner, c.repo) === keyOf(state.owner, state.name));
      if (comment === undefined) throw notFound();
      // A token with write access may edit anyone's comment on the repository, as GitHub allows.
      requireWrite(token);
      comment.body = commentBody(req, text);
      comment.updatedAt = stamp();
      return send(res, 200, commentJson(comment));
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(path)) && method === 'GET') {
      return send(res, 200, pullJson(findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)), Number(m[3])));
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/.exec(path)) && method === 'GET') {
      const state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      const login = decodeURIComponent(m[3]!);
      const role = state.collaborators.get(login.toLowerCase()) ?? (state.private ? null : 'read');
      const permission = role === null ? 'none' : role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return send(res, 200, { permission, role_name: role ?? 'none', user: { login, type: 'User' } });
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/.exec(path)) && method === 'POST') {
      const state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      requireWrite(token);
      const body = parseJsonBody(req, text, ['state', 'target_url', 'description', 'context']);
      const sha = decodeURIComponent(m[3]!);
      const value = body['state'];
      if (!isCommit(state, sha)) throw validationFailed('Status', 'sha', `No commit found for SHA: ${sha}`);
      if (value !== 'error' && value !== 'failure' && value !== 'pending' && value !== 'success') {
        violations.push(`POST ${path}: state ${JSON.stringify(value)}`);
        throw validationFailed('Status', 'state', 'state is not included in the list');
      }
      const description = body['description'];
      if (description !== undefined && description !== null && (typeof description !== 'string' || [...description].length > STATUS_DESCRIPTION_LIMIT)) {
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
        state: value,
        target_url: (target as string | undefined) ?? null,
        description: (description as string | undefined) ?? null,
        context,
      };
      statuses.push(status);
      return send(res, 201, { url: `${base}${path}`, id: statuses.length, state: value, description: status.description, target_url: status.target_url, context, created_at: stamp() });
    }
    throw notFound();
  }

  const server = createServer((req, res) => {
    void readBody(req).then(async (text) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: text, status: 0 };
      requests.push(record);
      const queued = takeFault(record.method, record.path);
      const fail = (fault: Fault) => {
        faulted++;
        if (fault.kind === 'drop') {
          record.status = 0;
          res.destroy();
          return;
        }
        const failure = faultResponse(fault);
        record.status = failure.status;
        send(res, failure.status, failure.payload, failure.headers);
      };
      if (queued !== null && !queued.options.after) return fail(queued.fault);
      // With a fault "after", the real answer goes nowhere: the state changed, the client never learns it.
      const target = queued === null ? res : (new Proxy(res, { get: (r, key) => (key === 'writeHead' ? () => r : key === 'end' ? () => fail(queued.fault) : Reflect.get(r, key)) }) as ServerResponse);
      try {
        await route(req, target, text);
        if (queued === null) record.status = res.statusCode;
      } catch (error) {
        const failure = error instanceof HttpFailure ? error : new HttpFailure(500, { message: (error as Error).message });
        if (queued !== null) return fail(queued.fault);
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
    addRepository: (spec) => void addRepository(spec),
    addToken: (value, spec) => void tokens.set(value, spec),
    pushToPull(owner, repo, number, sha) {
      const state = findRepo(owner, repo);
      const pr = state.pulls.get(number);
      if (pr === undefined) throw new Error(`no pull request ${owner}/${repo}#${number}`);
      pr.head = sha;
      state.commits.add(sha);
    },
    comments: (owner, repo, issue) => issueComments(owner, repo, issue),
    issues: (owner, repo) => allIssues.filter((i) => keyOf(i.owner, i.repo) === keyOf(owner, repo)),
    addComments(owner, repo, issue, bodies, user = ACTIONS_BOT) {
      const state = repos.get(keyOf(owner, repo)) ?? addRepository({ owner, name: repo });
      if (!isIssue(state, issue)) state.issues.add(issue);
      for (const body of bodies) {
        const now = stamp();
        allComments.push({ id: nextCommentId++, owner: state.owner, repo: state.name, issue, body, user, createdAt: now, updatedAt: now });
      }
    },
    failNext(count, fault = { kind: 'status', status: 502 }, faultOptions = {}) {
      const queued = { fault, options: faultOptions };
      if (count === Infinity) endlessFault = queued;
      else for (let i = 0; i < count; i++) faults.push(queued);
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
