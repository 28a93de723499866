/**
 * The sample library's own unit tests (node:test), as they grow with it. Each
 * file is a header plus test blocks; later versions append blocks.
 */
import { source } from './source-text.ts';

function testFile(names: readonly string[], blocks: readonly string[]): string {
  const header = source`
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ${names.join(', ')} } from '../src/index.mjs';
`;
  return [header, ...blocks].join('\n');
}

const TOKENIZE_BASICS = source`
test('tokenize lower-cases words and drops punctuation', () => {
  assert.deepEqual(tokenize('Quick, brown fox!').map((t) => t.term), ['quick', 'brown', 'fox']);
});

test('tokenize drops stop words but keeps counting positions', () => {
  assert.deepEqual(tokenize('the quick fox and the dog'), [
    { term: 'quick', position: 1 },
    { term: 'fox', position: 2 },
    { term: 'dog', position: 5 },
  ]);
});

test('tokenize keeps numbers and letters of other alphabets', () => {
  const terms = tokenize('Route 66 через Москву').map((t) => t.term);
  assert.deepEqual(terms, ['route', '66', 'через', 'москву']);
});

test('tokenize returns nothing for text without words', () => {
  assert.deepEqual(tokenize(' -- !? '), []);
});
`;

const TOKENIZE_ACCENTS = source`
test('tokenize folds accents so that café matches cafe', () => {
  assert.deepEqual(tokenize('Café Crème Brûlée').map((t) => t.term), ['cafe', 'creme', 'brulee']);
});
`;

const TOKENIZE_STOP_WORDS = source`
test('tokenize drops only the given stop words when a list is passed', () => {
  assert.deepEqual(tokenize('to be or not to be', { stopWords: ['be'] }).map((t) => t.term), ['to', 'or', 'not', 'to']);
});

test('tokenize keeps every word with an empty stop word list', () => {
  assert.equal(tokenize('the end', { stopWords: [] }).length, 2);
});

test('the default stop words are exported', () => {
  assert.ok(STOP_WORDS.includes('the'));
  assert.ok(Object.isFrozen(STOP_WORDS));
});
`;

const TOKENIZE_PLURALS = source`
test('tokenize folds regular plurals to the singular', () => {
  const terms = tokenize('boxes cities dogs glasses glass status').map((t) => t.term);
  assert.deepEqual(terms, ['box', 'city', 'dog', 'glass', 'glass', 'status']);
});

test('foldPlural leaves short words and singulars alone', () => {
  assert.deepEqual(['bus', 'gas', 'analysis', 'fox'].map(foldPlural), ['bus', 'gas', 'analysis', 'fox']);
});
`;

export const tokenizeTestV1 = testFile(['tokenize'], [TOKENIZE_BASICS]);
export const tokenizeTestV2 = testFile(['tokenize'], [TOKENIZE_BASICS, TOKENIZE_ACCENTS]);
export const tokenizeTestV3 = testFile(['STOP_WORDS', 'tokenize'], [TOKENIZE_BASICS, TOKENIZE_ACCENTS, TOKENIZE_STOP_WORDS]);
export const tokenizeTestV4 = testFile(['STOP_WORDS', 'foldPlural', 'tokenize'], [TOKENIZE_BASICS, TOKENIZE_ACCENTS, TOKENIZE_STOP_WORDS, TOKENIZE_PLURALS]);

const INDEX_BASICS = source`
function createIndex() {
  return new WordIndex()
    .add('fox', 'The quick brown fox jumps over the lazy dog')
    .add('cat', 'A lazy cat sleeps in the sun')
    .add('dog', 'The dog barks at the quick cat');
}

test('search finds the documents that contain a term', () => {
  assert.deepEqual(createIndex().search('lazy').sort(), ['cat', 'fox']);
});

test('search with several terms finds the documents that contain all of them', () => {
  assert.deepEqual(createIndex().search('quick cat'), ['dog']);
});

test('search ignores case and stop words', () => {
  assert.deepEqual(createIndex().search('THE Dog').sort(), ['dog', 'fox']);
});

test('search returns nothing for unknown terms or an empty query', () => {
  const index = createIndex();
  assert.deepEqual(index.search('zebra'), []);
  assert.deepEqual(index.search('lazy zebra'), []);
  assert.deepEqual(index.search('  '), []);
});

test('add refuses an id that is already in the index', () => {
  assert.throws(() => createIndex().add('fox', 'again'), /already in the index/);
});
`;

const INDEX_REMOVE = source`
test('remove takes a document out of every result', () => {
  const index = createIndex();
  assert.equal(index.remove('cat'), true);
  assert.deepEqual(index.search('lazy'), ['fox']);
  assert.equal(index.size, 2);
});

test('remove returns false for an unknown id', () => {
  assert.equal(createIndex().remove('zebra'), false);
});
`;

const INDEX_SAVE = source`
test('an index saved with JSON.stringify loads back with the same results', () => {
  const index = createIndex();
  const loaded = WordIndex.fromJSON(JSON.parse(JSON.stringify(index)));
  assert.equal(loaded.size, index.size);
  for (const query of ['lazy', 'quick cat', 'dog', 'zebra']) {
    assert.deepEqual(loaded.search(query).sort(), index.search(query).sort());
  }
});

test('fromJSON refuses data of an unknown version', () => {
  assert.throws(() => WordIndex.fromJSON({ version: 99 }), /Unsupported index version/);
});
`;

const INDEX_PHRASES = source`
test('a phrase in double quotes finds its words next to each other', () => {
  const index = createIndex();
  assert.deepEqual(index.search('"quick brown"'), ['fox']);
  assert.deepEqual(index.search('"brown quick"'), []);
  assert.deepEqual(index.search('cat "the quick"'), ['dog']);
});

test('a phrase counts the stop words between its words', () => {
  const index = createIndex();
  assert.deepEqual(index.search('"jumps over the lazy"'), ['fox']);
  assert.deepEqual(index.search('"jumps the lazy"'), []);
});
`;

const INDEX_REMOVE_FORGETS = source`
test('remove forgets the terms that no document has any more', () => {
  const index = createIndex();
  index.remove('cat');
  assert.equal(JSON.stringify(index).includes('"sun"'), false);
});
`;

const INDEX_PREFIX = source`
test('a word ending in * matches every term that starts with it', () => {
  const index = createIndex();
  assert.deepEqual(index.search('qu*').sort(), ['dog', 'fox']);
  assert.deepEqual(index.search('qu* la*'), ['fox']);
  assert.deepEqual(index.search('zeb*'), []);
});
`;

const INDEX_PREFIX_CHANGES = source`
test('prefix queries see documents added and removed after an earlier prefix query', () => {
  const index = createIndex();
  assert.deepEqual(index.search('zeb*'), []);
  index.add('zoo', 'A zebra at the zoo');
  assert.deepEqual(index.search('zeb*'), ['zoo']);
  index.remove('zoo');
  assert.deepEqual(index.search('zeb*'), []);
});
`;

const INDEX_STOP_WORDS = source`
test('a WordIndex with an empty stop word list finds stop words too', () => {
  const index = new WordIndex({ stopWords: [] }).add('hamlet', 'To be or not to be');
  assert.deepEqual(index.search('"not to be"'), ['hamlet']);
  assert.deepEqual(createIndex().search('"not to be"'), []);
});
`;

/** The blocks of test/word-index.test.mjs, in the order the versions add them. */
const INDEX_BLOCKS = [
  INDEX_BASICS,
  INDEX_REMOVE,
  INDEX_SAVE,
  INDEX_PHRASES,
  INDEX_REMOVE_FORGETS,
  INDEX_STOP_WORDS,
  INDEX_PREFIX,
  INDEX_PREFIX_CHANGES,
];

function wordIndexTest(blocks: number): string {
  return testFile(['WordIndex'], INDEX_BLOCKS.slice(0, blocks));
}

export const wordIndexTestV1 = wordIndexTest(1);
export const wordIndexTestV2 = wordIndexTest(2);
export const wordIndexTestV3 = wordIndexTest(3);
export const wordIndexTestV4 = wordIndexTest(4);
export const wordIndexTestV5 = wordIndexTest(5);
export const wordIndexTestV6 = wordIndexTest(6);
export const wordIndexTestV7 = wordIndexTest(7);
export const wordIndexTestV8 = wordIndexTest(8);

const SNIPPET_BASICS = source`
test('snippet marks the query words in the text', () => {
  assert.equal(snippet('The quick brown fox', ['QUICK', 'fox']), 'The <mark>quick</mark> brown <mark>fox</mark>');
});

test('snippet cuts a long text around the first match', () => {
  const text = 'word '.repeat(100) + 'needle ' + 'word '.repeat(100);
  const excerpt = snippet(text, ['needle'], { width: 40 });
  assert.ok(excerpt.startsWith('\u2026') && excerpt.endsWith('\u2026'), excerpt);
  assert.ok(excerpt.includes('<mark>needle</mark>'), excerpt);
});

test('snippet returns the start of the text when nothing matches', () => {
  assert.equal(snippet('Nothing to see here', ['zebra']), 'Nothing to see here');
});
`;

const SNIPPET_ESCAPES = source`
test('snippet escapes HTML in the text around the marks', () => {
  assert.equal(snippet('<b>fish</b> & chips', ['chips']), '&lt;b&gt;fish&lt;/b&gt; &amp; <mark>chips</mark>');
});
`;

export const highlightTestV1 = testFile(['snippet'], [SNIPPET_BASICS]);
export const highlightTestV2 = testFile(['snippet'], [SNIPPET_BASICS, SNIPPET_ESCAPES]);

export const queryTest = testFile(['parseQuery'], [
  source`
test('parseQuery splits plain terms, phrases and prefixes', () => {
  const query = parseQuery('Fox "lazy dog" inde*');
  assert.deepEqual(query.terms, ['fox', 'lazy', 'dog']);
  assert.deepEqual(query.phrases.map((phrase) => phrase.map((token) => token.term)), [['lazy', 'dog']]);
  assert.deepEqual(query.prefixes, ['inde']);
});

test('parseQuery of a blank query is empty', () => {
  assert.deepEqual(parseQuery('  '), { terms: [], phrases: [], prefixes: [] });
});
`,
]);
