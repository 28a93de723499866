/**
 * src/tokenize.mjs of the sample library through its history, plus the files
 * that split off from it (stop words, plural folding).
 *
 * The performance story lives here: v3 moves the stop words into an array and
 * looks each word up with includes(), which scans the list for every word
 * (a real regression of tokenize and of index building); v5 goes back to a Set.
 */
import { applyEdits } from '../apply-edit.ts';
import { source } from './source-text.ts';

/** Initial version: a regular expression for words and a Set of stop words. */
export const tokenizeV1 = source`
/**
 * Splits text into lower-case terms. Each token keeps its word position in the
 * text, counting the dropped stop words too, so that phrase queries can check
 * which words are next to each other.
 */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into',
  'is', 'it', 'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then',
  'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
]);

export const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(text) {
  const tokens = [];
  let position = 0;
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    if (!STOP_WORDS.has(word)) tokens.push({ term: word, position });
    position++;
  }
  return tokens;
}
`;

/** Folds accents so that "café" finds "cafe"; ASCII text skips the Unicode work. */
export const tokenizeV2 = applyEdits(tokenizeV1, [
  {
    from: source`
export const WORD = /[\p{L}\p{N}]+/gu;
`,
    to: source`
export const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** "Café" -> "Cafe": decompose the letters, then drop the accents. */
export function foldAccents(text) {
  return NON_ASCII.test(text) ? text.normalize('NFD').replace(COMBINING_MARKS, '') : text;
}
`,
  },
  { from: 'text.toLowerCase().match(WORD)', to: 'foldAccents(text).toLowerCase().match(WORD)' },
], 'src/tokenize.mjs v2');

/** The longer list that v3 moves into its own module. */
export const stopWordsModule = source`
/**
 * English stop words: too common to help a search, so they are not indexed.
 * Pass your own list as the stopWords option of tokenize() or new WordIndex().
 */
export const STOP_WORDS = Object.freeze([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'am', 'an', 'and', 'any', 'are',
  'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but',
  'by', 'can', 'could', 'did', 'do', 'does', 'doing', 'down', 'during', 'each', 'few', 'for',
  'from', 'further', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself',
  'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just',
  'me', 'more', 'most', 'my', 'myself', 'no', 'nor', 'not', 'now', 'of', 'off', 'on', 'once',
  'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out', 'over', 'own', 'same', 'she',
  'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too',
  'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which',
  'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself',
  'yourselves',
]);
`;

/** Custom stop word lists, as an array: includes() per word is the regression. */
export const tokenizeV3 = applyEdits(tokenizeV2, [
  {
    from: source`
/**
 * Splits text into lower-case terms. Each token keeps its word position in the
 * text, counting the dropped stop words too, so that phrase queries can check
 * which words are next to each other.
 */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into',
  'is', 'it', 'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then',
  'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
]);
`,
    to: source`
/**
 * Splits text into lower-case terms. Each token keeps its word position in the
 * text, counting the dropped stop words too, so that phrase queries can check
 * which words are next to each other.
 */
import { STOP_WORDS } from './stopwords.mjs';
`,
  },
  {
    from: source`
export function tokenize(text) {
  const tokens = [];
`,
    to: source`
/**
 * options.stopWords: the words to drop, an array of lower-case words
 * (default: STOP_WORDS from stopwords.mjs; [] keeps every word).
 */
export function tokenize(text, options = {}) {
  const stopWords = options.stopWords ?? STOP_WORDS;
  const tokens = [];
`,
  },
  { from: '!STOP_WORDS.has(word)', to: '!stopWords.includes(word)' },
], 'src/tokenize.mjs v3');

/** Plural folding, so that "indexes" finds "index". */
export const pluralModule = source`
/**
 * Maps regular English plurals to the singular, so that "boxes" finds "box".
 * Deliberately small: a full stemmer would also merge words that differ in
 * meaning ("university", "universe").
 */
const KEEP = /(?:ss|us|is)$/;
const ES_PLURAL = /(?:x|z|ch|sh|ss)es$/;

export function foldPlural(word) {
  if (word.length <= 3 || !word.endsWith('s')) return word;
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (ES_PLURAL.test(word)) return word.slice(0, -2);
  if (KEEP.test(word)) return word;
  return word.slice(0, -1);
}
`;

export const tokenizeV4 = applyEdits(tokenizeV3, [
  {
    from: "import { STOP_WORDS } from './stopwords.mjs';\n",
    to: "import { STOP_WORDS } from './stopwords.mjs';\nimport { foldPlural } from './plural.mjs';\n",
  },
  { from: 'tokens.push({ term: word, position })', to: 'tokens.push({ term: foldPlural(word), position })' },
], 'src/tokenize.mjs v4');

/** Back to a Set per stop word list, built once per list. */
export const tokenizeV5 = applyEdits(tokenizeV4, [
  {
    from: source`
/**
 * options.stopWords: the words to drop, an array of lower-case words
 * (default: STOP_WORDS from stopwords.mjs; [] keeps every word).
 */
export function tokenize(text, options = {}) {
  const stopWords = options.stopWords ?? STOP_WORDS;
`,
    to: source`
// includes() on the array scanned the whole list for every word of every
// document; a Set per list, made on first use, answers in one lookup.
const stopWordSets = new WeakMap();

function toSet(words) {
  if (words instanceof Set) return words;
  let set = stopWordSets.get(words);
  if (set === undefined) {
    set = new Set(words);
    stopWordSets.set(words, set);
  }
  return set;
}

/**
 * options.stopWords: the words to drop, an array or a Set of lower-case words
 * (default: STOP_WORDS from stopwords.mjs; [] keeps every word).
 */
export function tokenize(text, options = {}) {
  const stopWords = toSet(options.stopWords ?? STOP_WORDS);
`,
  },
  { from: '!stopWords.includes(word)', to: '!stopWords.has(word)' },
], 'src/tokenize.mjs v5');
