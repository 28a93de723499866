/**
 * Checks a note before the site build sees it, and rewrites it into a form
 * the build cannot fail on. Shared by `pitwall build` and `pitwall check`, so
 * both find the same problems.
 *
 * - The frontmatter must be YAML with `title` (text), `metrics` (globs),
 *   `commits` and `date`; a note whose frontmatter cannot be read or has the
 *   wrong types is left out, with the line and what to write.
 * - The body is rendered as Markdown, also in a `.mdx` file: `<5 ms`, autolinks
 *   and HTML read as a reader expects (HTML and MDX syntax shown as text), and
 *   no syntax error can stop the build.
 * - Images must be https addresses: the build has no files beside a note, so a
 *   path is refused (the note is shown with a line in its place).
 */
import { markdownToMdast, type MdastNode } from 'satteri';
import { LineCounter, parseDocument, stringify } from 'yaml';
import type { InputProblem } from './input-problems.ts';
import { isShownImageUrl } from './note-images.ts';
import type { NoteSource } from './notes.ts';

export interface PreparedNote {
  /** The note's problems; the note is null when they leave it out. */
  note: NoteSource | null;
  problems: InputProblem[];
}

/** Larger notes are left out: a note is prose, and the site embeds it. */
export const MAX_NOTE_BYTES = 1024 * 1024;

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;
const FRONTMATTER_HINT = 'write the block between the two "---" lines as YAML, such as title: Parser got slower, metrics: ["parse/**"], commits: [1a2b3c4], date: 2026-11-24';

/** `path` names the file in problems ("notes/x.mdx"); `source.name` is its file name. */
export function prepareNote(source: NoteSource, path: string): PreparedNote {
  const problems: InputProblem[] = [];
  const skip = (line: number, message: string, hint: string, column?: number): PreparedNote => {
    problems.push({ file: path, line, ...(column === undefined ? {} : { column }), message, hint, effect: 'skipped' });
    return { note: null, problems };
  };
  const bytes = Buffer.byteLength(source.text);
  if (bytes > MAX_NOTE_BYTES) return skip(1, `the note is ${Math.round(bytes / 1024)} KiB, over the limit of ${MAX_NOTE_BYTES / 1024} KiB`, 'keep notes short and link to longer documents');

  let meta: Record<string, unknown> = {};
  let body = source.text;
  let bodyLine = 1;
  const opening = OPENING.exec(source.text);
  if (opening !== null) {
    const rest = source.text.slice(opening[0].length);
    const closing = CLOSING.exec(rest);
    if (closing === null) return skip(1, 'the frontmatter starts with "---" but has no closing "---" line', 'end the frontmatter with a line holding only "---"');
    const yamlText = rest.slice(0, closing.index);
    body = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
    bodyLine = 2 + lineCount(yamlText) + 1;
    const lineCounter = new LineCounter();
    const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = lineCounter.linePos(error.pos[0]);
      return skip(pos.line + 1, `the frontmatter is not valid YAML: ${error.message.split('\n')[0]}`, FRONTMATTER_HINT, pos.col);
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      return skip(2, `the frontmatter cannot be read: ${(cause as Error).message}`, 'write the values out instead of using YAML aliases');
    }
    if (data !== null && data !== undefined) {
      if (typeof data !== 'object' || Array.isArray(data)) return skip(2, `the frontmatter is ${Array.isArray(data) ? 'a list' : 'a single value'}, not a mapping of keys`, FRONTMATTER_HINT);
      meta = data as Record<string, unknown>;
    }
    const lineOf = (key: string): number => {
      // The line of the key, where the reader looks, not of its value (which may start below it).
      const items = (doc.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null)?.items ?? [];
      const pair = items.find((item) => item.key?.value === key);
      return lineCounter.linePos(pair?.key?.range?.[0] ?? 0).line + 1;
    };
    const typeProblem = checkTypes(meta);
    if (typeProblem !== null) return skip(lineOf(typeProblem.key), typeProblem.message, typeProblem.hint);
  }

  for (const image of findLocalImages(body)) {
    problems.push({
      file: path,
      line: bodyLine + image.line - 1,
      column: image.column,
      message: image.reference
        ? `the image reference "${image.url}" is not shown: notes show images written with their address in place`
        : `the image "${image.url}" is not shown: notes can show images from valid https addresses only`,
      hint: image.reference
        ? `write it as ![alt](https://...) with the address of the image`
        : 'put the image where it has an https address (for example in the repository, linked through its raw URL) and use that address',
      effect: 'shown-in-part',
    });
  }
  return { note: { name: source.name, text: normalise(meta, body) }, problems };
}

function checkTypes(meta: Record<string, unknown>): { key: string; message: string; hint: string } | null {
  const title = meta['title'];
  if (title !== undefined && title !== null && !isScalar(title)) {
    return { key: 'title', message: `"title" is ${describe(title)}`, hint: 'write the title as text, such as title: Parser got slower on purpose' };
  }
  for (const key of ['metrics', 'commits'] as const) {
    const value = meta[key];
    if (value === undefined || value === null || isScalar(value)) continue;
    if (!Array.isArray(value) || !value.every(isScalar)) {
      return { key, message: `"${key}" is ${describe(value)}`, hint: `write a list of ${key === 'metrics' ? 'metric globs, such as metrics: ["parse/**"]' : 'commits, such as commits: [1a2b3c4]'}` };
    }
  }
  const date = meta['date'];
  if (date !== undefined && date !== null && !(date instanceof Date) && typeof date !== 'string') {
    return { key: 'date', message: `"date" is ${describe(date)}`, hint: 'write a date such as date: 2026-11-24' };
  }
  return null;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list holding ${value.filter((v) => !isScalar(v)).length > 0 ? 'a list or mapping' : 'values'}`;
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The note as the site reads it: frontmatter with exactly the keys and types the site expects, the body as it was. */
function normalise(meta: Record<string, unknown>, body: string): string {
  const list = (value: unknown): string[] | undefined => (value === undefined || value === null ? undefined : (Array.isArray(value) ? value : [value]).map(toText));
  const clean: Record<string, unknown> = {};
  if (meta['title'] !== undefined && meta['title'] !== null) clean['title'] = toText(meta['title']);
  const metrics = list(meta['metrics']);
  if (metrics !== undefined) clean['metrics'] = metrics;
  const commits = list(meta['commits']);
  if (commits !== undefined) clean['commits'] = commits;
  if (meta['date'] !== undefined && meta['date'] !== null) clean['date'] = toText(meta['date']);
  const front = Object.keys(clean).length === 0 ? '' : `---\n${stringify(clean, { lineWidth: 0 })}---\n`;
  return `${front}${body}`;
}

function toText(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

function lineCount(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

interface LocalImage {
  /** The address, or the label of an image reference (`![alt][label]`). */
  url: string;
  reference: boolean;
  line: number;
  column: number;
}

/** Images whose address is not https, with their line in the body (as the Markdown renderer finds them). */
function findLocalImages(body: string): LocalImage[] {
  const found: LocalImage[] = [];
  const visit = (node: MdastNode): void => {
    const record = node as unknown as { type: string; url?: string; identifier?: string; children?: MdastNode[]; position?: { start: { line: number; column: number } } };
    if (record.type === 'image' && !isShownImageUrl(record.url ?? '')) {
      found.push({ url: record.url ?? '', reference: false, line: record.position?.start.line ?? 1, column: record.position?.start.column ?? 1 });
    } else if (record.type === 'imageReference') {
      found.push({ url: record.identifier ?? '', reference: true, line: record.position?.start.line ?? 1, column: record.position?.start.column ?? 1 });
    }
    for (const child of record.children ?? []) visit(child);
  };
  visit(markdownToMdast(body));
  return found;
}
