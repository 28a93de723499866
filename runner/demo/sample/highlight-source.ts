/** src/highlight.mjs of the sample library: search result snippets. */
import { applyEdits } from '../apply-edit.ts';
import { source } from './source-text.ts';

export const highlightV1 = source`
import { WORD, foldAccents } from './tokenize.mjs';

const ELLIPSIS = '\u2026';

/**
 * A short excerpt of the text around the first match of any of the terms,
 * with every match in it wrapped in <mark>. Words are compared the way the
 * index compares them (lower case, accents folded): pass the words of the query.
 * options.width: the excerpt's length in characters (default 160).
 */
export function snippet(text, terms, options = {}) {
  const width = options.width ?? 160;
  const wanted = new Set(terms.map(normalize));
  const hits = [];
  for (const match of text.matchAll(WORD)) {
    if (wanted.has(normalize(match[0]))) hits.push({ start: match.index, end: match.index + match[0].length });
  }
  const from = hits.length === 0 ? 0 : Math.max(0, hits[0].start - Math.floor(width / 4));
  const to = Math.min(text.length, from + width);
  let excerpt = from > 0 ? ELLIPSIS : '';
  let cursor = from;
  for (const hit of hits) {
    if (hit.end > to) break;
    excerpt += text.slice(cursor, hit.start) + '<mark>' + text.slice(hit.start, hit.end) + '</mark>';
    cursor = hit.end;
  }
  return excerpt + text.slice(cursor, to) + (to < text.length ? ELLIPSIS : '');
}

function normalize(word) {
  return foldAccents(word).toLowerCase();
}
`;

/** Fix: the text around the marks is HTML-escaped. */
export const highlightV2 = applyEdits(highlightV1, [
  {
    from: "const ELLIPSIS = '\\u2026';\n",
    to: source`
const ELLIPSIS = '\u2026';
const HTML_SPECIAL = /[&<>"']/g;
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
`,
  },
  {
    from: ' * A short excerpt of the text around',
    to: ' * An HTML excerpt of the text around',
  },
  {
    from: "excerpt += text.slice(cursor, hit.start) + '<mark>' + text.slice(hit.start, hit.end) + '</mark>';",
    to: source`
const before = escapeHtml(text.slice(cursor, hit.start));
    excerpt += before + '<mark>' + escapeHtml(text.slice(hit.start, hit.end)) + '</mark>';
`.trimEnd(),
  },
  {
    from: "return excerpt + text.slice(cursor, to) + (to < text.length ? ELLIPSIS : '');",
    to: "return excerpt + escapeHtml(text.slice(cursor, to)) + (to < text.length ? ELLIPSIS : '');",
  },
  {
    from: source`
function normalize(word) {
  return foldAccents(word).toLowerCase();
}
`,
    to: source`
function normalize(word) {
  return foldAccents(word).toLowerCase();
}

function escapeHtml(text) {
  return text.replace(HTML_SPECIAL, (char) => HTML_ESCAPES[char]);
}
`,
  },
], 'src/highlight.mjs v2');
