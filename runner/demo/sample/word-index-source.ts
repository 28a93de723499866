/**
 * src/word-index.mjs of the sample library, v1 to v6: adding, removing, saving
 * and phrase queries. Later versions are in word-index-search-source.ts.
 */
import { applyEdits } from '../apply-edit.ts';
import { source } from './source-text.ts';

/** Initial version: add documents, AND queries over plain terms. */
export const wordIndexV1 = source`
import { tokenize } from './tokenize.mjs';

const NO_POSTINGS = new Map();

/**
 * An in-memory inverted index: for each term, the documents that contain it
 * and the word positions where it occurs in each.
 */
export class WordIndex {
  /** term -> (document id -> positions) */
  #postings = new Map();
  /** document id -> number of terms indexed */
  #lengths = new Map();

  /** Counters for profiling queries; reset them freely. */
  stats = { queries: 0, postingsVisited: 0 };

  /** The number of documents in the index. */
  get size() {
    return this.#lengths.size;
  }

  add(id, text) {
    if (this.#lengths.has(id)) throw new Error('Document ' + JSON.stringify(id) + ' is already in the index');
    const tokens = tokenize(text);
    for (const { term, position } of tokens) {
      let docs = this.#postings.get(term);
      if (docs === undefined) {
        docs = new Map();
        this.#postings.set(term, docs);
      }
      const positions = docs.get(id);
      if (positions === undefined) docs.set(id, [position]);
      else positions.push(position);
    }
    this.#lengths.set(id, tokens.length);
    return this;
  }

  /** The ids of the documents that contain every term of the query, in no particular order. */
  search(query) {
    this.stats.queries++;
    const terms = new Set(tokenize(query).map((token) => token.term));
    if (terms.size === 0) return [];
    return this.#intersect([...terms].map((term) => this.#postings.get(term) ?? NO_POSTINGS));
  }

  /** The document ids present in every one of the postings lists. */
  #intersect(lists) {
    const [first, ...rest] = lists;
    const hits = [];
    for (const id of first.keys()) {
      this.stats.postingsVisited++;
      if (rest.every((docs) => docs.has(id))) hits.push(id);
    }
    return hits;
  }
}
`;

const SEARCH_V1 = source`
  /** The ids of the documents that contain every term of the query, in no particular order. */
`;

/** remove(); it leaves empty postings lists behind until v5 fixes that. */
export const wordIndexV2 = applyEdits(wordIndexV1, [
  {
    from: SEARCH_V1,
    to: source`
  /** Removes a document; returns false when it was not in the index. */
  remove(id) {
    if (!this.#lengths.delete(id)) return false;
    for (const docs of this.#postings.values()) docs.delete(id);
    return true;
  }

` + SEARCH_V1,
  },
], 'src/word-index.mjs v2');

/** toJSON() / WordIndex.fromJSON() to save an index and load it back. */
export const wordIndexV3 = applyEdits(wordIndexV2, [
  {
    from: source`
  /** The document ids present in every one of the postings lists. */
`,
    to: source`
  /** A plain object for JSON.stringify(); WordIndex.fromJSON() reads it back. */
  toJSON() {
    const postings = [];
    for (const [term, docs] of this.#postings) postings.push([term, [...docs]]);
    return { version: 1, lengths: [...this.#lengths], postings };
  }

  static fromJSON(data) {
    if (data?.version !== 1) throw new Error('Unsupported index version: ' + JSON.stringify(data?.version));
    const index = new WordIndex();
    index.#lengths = new Map(data.lengths);
    index.#postings = new Map(data.postings.map(([term, docs]) => [term, new Map(docs)]));
    return index;
  }

  /** The document ids present in every one of the postings lists. */
`,
  },
], 'src/word-index.mjs v3');

/** Phrase queries in double quotes, checked against the stored positions. */
export const wordIndexV4 = applyEdits(wordIndexV3, [
  {
    from: 'const NO_POSTINGS = new Map();\n',
    to: 'const NO_POSTINGS = new Map();\nconst PHRASE = /"([^"]*)"/g;\n',
  },
  {
    from: source`
  /** The ids of the documents that contain every term of the query, in no particular order. */
  search(query) {
    this.stats.queries++;
    const terms = new Set(tokenize(query).map((token) => token.term));
    if (terms.size === 0) return [];
    return this.#intersect([...terms].map((term) => this.#postings.get(term) ?? NO_POSTINGS));
  }
`,
    to: source`
  /**
   * The ids of the documents that contain every term of the query, in no
   * particular order. Words in double quotes must appear as a phrase:
   * 'fox "lazy dog"' finds documents with "fox" and with "lazy" just before "dog".
   */
  search(query) {
    this.stats.queries++;
    const phrases = [];
    const rest = query.replace(PHRASE, (_, phrase) => {
      phrases.push(tokenize(phrase));
      return ' ';
    });
    const terms = new Set(tokenize(rest).map((token) => token.term));
    for (const phrase of phrases) for (const token of phrase) terms.add(token.term);
    if (terms.size === 0) return [];
    const hits = this.#intersect([...terms].map((term) => this.#postings.get(term) ?? NO_POSTINGS));
    if (phrases.length === 0) return hits;
    return hits.filter((id) => phrases.every((phrase) => this.#containsPhrase(id, phrase)));
  }

  /** True when the phrase's terms occur in the document at the same distances as in the phrase. */
  #containsPhrase(id, phrase) {
    if (phrase.length === 0) return true;
    const [head, ...tail] = phrase;
    const starts = this.#postings.get(head.term).get(id);
    return starts.some((start) =>
      tail.every((token) => this.#postings.get(token.term).get(id).includes(start + token.position - head.position)),
    );
  }
`,
  },
], 'src/word-index.mjs v4');

/** Fix: remove() drops postings lists that became empty. */
export const wordIndexV5 = applyEdits(wordIndexV4, [
  {
    from: '    for (const docs of this.#postings.values()) docs.delete(id);\n',
    to: source`
    for (const [term, docs] of this.#postings) {
      if (docs.delete(id) && docs.size === 0) this.#postings.delete(term);
    }
`,
  },
], 'src/word-index.mjs v5');

/** Options (custom stop words) passed on to tokenize(). */
export const wordIndexV6 = applyEdits(wordIndexV5, [
  {
    from: source`
  /** document id -> number of terms indexed */
  #lengths = new Map();
`,
    to: source`
  /** document id -> number of terms indexed */
  #lengths = new Map();
  #options;
`,
  },
  {
    from: source`
  /** Counters for profiling queries; reset them freely. */
  stats = { queries: 0, postingsVisited: 0 };
`,
    to: source`
  /** Counters for profiling queries; reset them freely. */
  stats = { queries: 0, postingsVisited: 0 };

  /** options.stopWords: passed on to tokenize() for documents and queries. */
  constructor(options = {}) {
    this.#options = { stopWords: options.stopWords };
  }
`,
  },
  { from: 'const tokens = tokenize(text);', to: 'const tokens = tokenize(text, this.#options);' },
  { from: 'phrases.push(tokenize(phrase));', to: 'phrases.push(tokenize(phrase, this.#options));' },
  { from: 'new Set(tokenize(rest).map(', to: 'new Set(tokenize(rest, this.#options).map(' },
  {
    from: source`
  static fromJSON(data) {
    if (data?.version !== 1) throw new Error('Unsupported index version: ' + JSON.stringify(data?.version));
    const index = new WordIndex();
`,
    to: source`
  /** options: as for the constructor; the saved data does not include them. */
  static fromJSON(data, options = {}) {
    if (data?.version !== 1) throw new Error('Unsupported index version: ' + JSON.stringify(data?.version));
    const index = new WordIndex(options);
`,
  },
], 'src/word-index.mjs v6');
