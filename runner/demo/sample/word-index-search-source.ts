/**
 * src/word-index.mjs of the sample library, v7 to v10, and src/query.mjs that
 * splits off from it: prefix queries and two speed-ups.
 *
 * v8 intersects AND queries starting from the rarest term instead of the first
 * one (faster AND queries, fewer postings visited); v10 finds prefix matches by
 * binary search over the sorted terms instead of scanning every term (faster
 * prefix queries).
 */
import { applyEdits } from '../apply-edit.ts';
import { source } from './source-text.ts';
import { wordIndexV6 } from './word-index-source.ts';

/** Prefix queries ("inde*"): every term is compared with the prefix. */
export const wordIndexV7 = applyEdits(wordIndexV6, [
  {
    from: source`
import { tokenize } from './tokenize.mjs';

const NO_POSTINGS = new Map();
const PHRASE = /"([^"]*)"/g;
`,
    to: source`
import { foldAccents, tokenize } from './tokenize.mjs';

const NO_POSTINGS = new Map();
const PHRASE = /"([^"]*)"/g;
const PREFIX = /([\p{L}\p{N}]+)\*/gu;
`,
  },
  {
    from: source`
   * 'fox "lazy dog"' finds documents with "fox" and with "lazy" just before "dog".
   */
`,
    to: source`
   * 'fox "lazy dog"' finds documents with "fox" and with "lazy" just before "dog".
   * A word ending in * matches every term that starts with it: 'inde*'.
   */
`,
  },
  {
    from: source`
    const rest = query.replace(PHRASE, (_, phrase) => {
      phrases.push(tokenize(phrase, this.#options));
      return ' ';
    });
`,
    to: source`
    const prefixes = [];
    const rest = query
      .replace(PHRASE, (_, phrase) => {
        phrases.push(tokenize(phrase, this.#options));
        return ' ';
      })
      .replace(PREFIX, (_, prefix) => {
        prefixes.push(foldAccents(prefix).toLowerCase());
        return ' ';
      });
`,
  },
  {
    from: source`
    if (terms.size === 0) return [];
    const hits = this.#intersect([...terms].map((term) => this.#postings.get(term) ?? NO_POSTINGS));
`,
    to: source`
    if (terms.size === 0 && prefixes.length === 0) return [];
    const lists = [...terms].map((term) => this.#postings.get(term) ?? NO_POSTINGS);
    for (const prefix of prefixes) lists.push(this.#prefixPostings(prefix));
    const hits = this.#intersect(lists);
`,
  },
  {
    from: source`
  /** The document ids present in every one of the postings lists. */
`,
    to: source`
  /** The documents that contain any term starting with the prefix (positions are not needed). */
  #prefixPostings(prefix) {
    const docs = new Map();
    for (const [term, termDocs] of this.#postings) {
      if (!term.startsWith(prefix)) continue;
      for (const id of termDocs.keys()) docs.set(id, true);
    }
    return docs;
  }

  /** The document ids present in every one of the postings lists. */
`,
  },
], 'src/word-index.mjs v7');

/** AND queries walk the shortest postings list and probe the others. */
export const wordIndexV8 = applyEdits(wordIndexV7, [
  {
    from: source`
  /** The document ids present in every one of the postings lists. */
  #intersect(lists) {
    const [first, ...rest] = lists;
`,
    to: source`
  /**
   * The document ids present in every one of the postings lists. Walking the
   * shortest list and probing the others visits the fewest postings: a query
   * like "page zebra" no longer walks every document that has "page".
   */
  #intersect(lists) {
    const [first, ...rest] = [...lists].sort((a, b) => a.size - b.size);
`,
  },
], 'src/word-index.mjs v8');

/** Query parsing moves to src/query.mjs; same behaviour, same speed. */
export const queryModule = source`
import { foldAccents, tokenize } from './tokenize.mjs';

const PHRASE = /"([^"]*)"/g;
const PREFIX = /([\p{L}\p{N}]+)\*/gu;

/**
 * Splits a query into plain terms, phrases (tokens of the words in double
 * quotes) and prefixes (words ending in *). options: as for tokenize().
 */
export function parseQuery(query, options = {}) {
  const phrases = [];
  const prefixes = [];
  const rest = query
    .replace(PHRASE, (_, phrase) => {
      phrases.push(tokenize(phrase, options));
      return ' ';
    })
    .replace(PREFIX, (_, prefix) => {
      prefixes.push(foldAccents(prefix).toLowerCase());
      return ' ';
    });
  const terms = new Set(tokenize(rest, options).map((token) => token.term));
  for (const phrase of phrases) for (const token of phrase) terms.add(token.term);
  return { terms: [...terms], phrases, prefixes };
}
`;

export const wordIndexV9 = applyEdits(wordIndexV8, [
  {
    from: source`
import { foldAccents, tokenize } from './tokenize.mjs';

const NO_POSTINGS = new Map();
const PHRASE = /"([^"]*)"/g;
const PREFIX = /([\p{L}\p{N}]+)\*/gu;
`,
    to: source`
import { parseQuery } from './query.mjs';
import { tokenize } from './tokenize.mjs';

const NO_POSTINGS = new Map();
`,
  },
  {
    from: source`
    const phrases = [];
    const prefixes = [];
    const rest = query
      .replace(PHRASE, (_, phrase) => {
        phrases.push(tokenize(phrase, this.#options));
        return ' ';
      })
      .replace(PREFIX, (_, prefix) => {
        prefixes.push(foldAccents(prefix).toLowerCase());
        return ' ';
      });
    const terms = new Set(tokenize(rest, this.#options).map((token) => token.term));
    for (const phrase of phrases) for (const token of phrase) terms.add(token.term);
    if (terms.size === 0 && prefixes.length === 0) return [];
    const lists = [...terms].map((term) => this.#postings.get(term) ?? NO_POSTINGS);
`,
    to: source`
    const { terms, phrases, prefixes } = parseQuery(query, this.#options);
    if (terms.length === 0 && prefixes.length === 0) return [];
    const lists = terms.map((term) => this.#postings.get(term) ?? NO_POSTINGS);
`,
  },
], 'src/word-index.mjs v9');

/** Prefix matches by binary search over the terms, sorted once after each change. */
export const wordIndexV10 = applyEdits(wordIndexV9, [
  {
    from: source`
  /** document id -> number of terms indexed */
  #lengths = new Map();
`,
    to: source`
  /** document id -> number of terms indexed */
  #lengths = new Map();
  /** Every term, sorted; null until a prefix query needs it after a change. */
  #sortedTerms = null;
`,
  },
  {
    from: source`
        docs = new Map();
        this.#postings.set(term, docs);
`,
    to: source`
        docs = new Map();
        this.#postings.set(term, docs);
        this.#sortedTerms = null;
`,
  },
  {
    from: source`
      if (docs.delete(id) && docs.size === 0) this.#postings.delete(term);
`,
    to: source`
      if (docs.delete(id) && docs.size === 0) {
        this.#postings.delete(term);
        this.#sortedTerms = null;
      }
`,
  },
  {
    from: source`
  #prefixPostings(prefix) {
    const docs = new Map();
    for (const [term, termDocs] of this.#postings) {
      if (!term.startsWith(prefix)) continue;
      for (const id of termDocs.keys()) docs.set(id, true);
    }
    return docs;
  }
`,
    to: source`
  #prefixPostings(prefix) {
    this.#sortedTerms ??= [...this.#postings.keys()].sort();
    const terms = this.#sortedTerms;
    const docs = new Map();
    for (let i = lowerBound(terms, prefix); i < terms.length && terms[i].startsWith(prefix); i++) {
      for (const id of this.#postings.get(terms[i]).keys()) docs.set(id, true);
    }
    return docs;
  }
`,
  },
  {
    from: source`
      if (rest.every((docs) => docs.has(id))) hits.push(id);
    }
    return hits;
  }
}
`,
    to: source`
      if (rest.every((docs) => docs.has(id))) hits.push(id);
    }
    return hits;
  }
}

/** The index of the first item of the sorted array that is not less than value. */
function lowerBound(sorted, value) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
`,
  },
], 'src/word-index.mjs v10');
