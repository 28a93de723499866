/**
 * The sample library's bench suite: bench/corpus.mjs (a seeded, made-up text
 * corpus) and bench/run.mjs, which follows the pitwall bench-script contract.
 *
 * bench/run.mjs is a fixed frame around a list of cases; a commit that adds a
 * feature adds its case, so the suite's metrics grow with the library.
 */
import { source } from './source-text.ts';

export const corpusModule = source`
/**
 * A deterministic corpus for the benchmarks: made-up words with a Zipf-like
 * frequency, so that a few terms are in most documents and most terms are rare,
 * as in real text. The same seed gives the same corpus on every machine.
 */
const ONSETS = 'bcdfghklmnprstvz';
const VOWELS = 'aeiou';
const CODAS = 'dgklmnprt';
const FILLERS = ['the', 'a', 'of', 'and', 'to', 'in', 'is', 'with', 'for', 'on', 'that', 'by'];

/** mulberry32: small, fast, and good enough to make test data. */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * { words, documents }: words from the most to the least frequent;
 * documents as { id, title, text }.
 */
export function createCorpus({ documents = 1200, vocabulary = 3000, seed = 42 } = {}) {
  const random = createRandom(seed);
  const words = createWords(vocabulary, random);
  const docs = [];
  for (let i = 0; i < documents; i++) {
    const sentences = [];
    const count = 4 + Math.floor(random() * 5);
    for (let s = 0; s < count; s++) sentences.push(createSentence(words, random));
    docs.push({ id: 'doc-' + i, title: createSentence(words, random, 3).slice(0, -1), text: sentences.join(' ') });
  }
  return { words, documents: docs };
}

function createWords(count, random) {
  const syllable = () => pick(ONSETS, random) + pick(VOWELS, random) + pick(CODAS, random);
  const words = new Set();
  while (words.size < count) words.add(syllable() + syllable());
  return [...words];
}

/** A word of rank r is picked with a probability close to 1 / r. */
function pickWord(words, random) {
  const word = words[Math.floor(Math.pow(words.length, random())) - 1];
  return random() < 0.25 ? word + 's' : word;
}

function createSentence(words, random, minWords = 6) {
  const length = minWords + Math.floor(random() * 9);
  const parts = [];
  for (let i = 0; i < length; i++) {
    if (i > 0 && random() < 0.3) parts.push(pick(FILLERS, random));
    parts.push(pickWord(words, random));
  }
  const sentence = parts.join(' ');
  return sentence[0].toUpperCase() + sentence.slice(1) + (random() < 0.15 ? '?' : '.');
}

function pick(items, random) {
  return items[Math.floor(random() * items.length)];
}
`;

export interface BenchCase {
  /** The metrics the case writes, in order. */
  metrics: readonly string[];
  /** The names it imports from ../src/index.mjs. */
  imports: readonly string[];
  code: string;
}

/** Every case the suite ever has, in the order they run. */
export const benchCases = {
  tokenize: {
    metrics: ['tokenize/short', 'tokenize/long'],
    imports: ['tokenize'],
    code: source`
time('tokenize/short', 'us', titles, (title) => tokenize(title).length);
time('tokenize/long', 'ms', [longText], (text) => tokenize(text).length);
`,
  },
  build: {
    metrics: ['index/build'],
    imports: ['WordIndex'],
    code: source`
time('index/build', 'ms', [smallSet], (documents) => buildIndex(documents).size);
`,
  },
  snippet: {
    metrics: ['highlight/snippet'],
    imports: ['snippet'],
    code: source`
const snippetCases = docs.slice(0, 100).map((doc, i) => ({ text: doc.text, terms: [corpus.words[20 + i], corpus.words[5]] }));
time('highlight/snippet', 'us', snippetCases, ({ text, terms }) => snippet(text, terms).length);
`,
  },
  serialize: {
    metrics: ['serialize/save', 'serialize/load', 'index/size'],
    imports: [],
    code: source`
const smallIndex = buildIndex(smallSet);
const saved = JSON.stringify(smallIndex);
time('serialize/save', 'ms', [smallIndex], (index) => JSON.stringify(index).length);
time('serialize/load', 'ms', [saved], (text) => WordIndex.fromJSON(JSON.parse(text)).size);
count('index/size', () => Buffer.byteLength(saved), 'B');
`,
  },
  search: {
    metrics: ['search/term', 'search/and', 'search/and//visited'],
    imports: [],
    code: source`
const fullIndex = buildIndex(docs);
const termQueries = [];
const andQueries = [];
for (let i = 0; i < 100; i++) {
  termQueries.push(i % 2 === 0 ? corpus.words[i % 30] : corpus.words[30 + i * 3]);
  // Half the pairs name a frequent word first, as people type them.
  const frequent = corpus.words[i % 25];
  const rarer = corpus.words[40 + i * 5];
  andQueries.push(i % 2 === 0 ? frequent + ' ' + rarer : rarer + ' ' + frequent);
}
time('search/term', 'us', termQueries, (query) => fullIndex.search(query).length);
time('search/and', 'us', andQueries, (query) => fullIndex.search(query).length);
count('search/and//visited', () => {
  const before = fullIndex.stats.postingsVisited;
  for (const query of andQueries) fullIndex.search(query);
  return fullIndex.stats.postingsVisited - before;
});
`,
  },
  phrase: {
    metrics: ['search/phrase'],
    imports: [],
    code: source`
// Two-word phrases that occur in the corpus, stop words included.
const phraseQueries = corpus.documents.slice(0, 100).map((doc, i) => {
  const words = doc.text.replace(/[.?]/g, '').split(' ');
  const at = i % (words.length - 1);
  return '"' + words[at] + ' ' + words[at + 1] + '"';
});
time('search/phrase', 'us', phraseQueries, (query) => fullIndex.search(query).length);
`,
  },
  prefix: {
    metrics: ['search/prefix'],
    imports: [],
    code: source`
const prefixQueries = corpus.words.slice(100, 200).map((word) => word.slice(0, 4) + '*');
time('search/prefix', 'us', prefixQueries, (query) => fullIndex.search(query).length);
`,
  },
} as const satisfies Record<string, BenchCase>;

export type BenchCaseName = keyof typeof benchCases;

/** The metrics bench/run.mjs writes when made of these cases, in order. */
export function listBenchMetrics(cases: readonly BenchCaseName[]): string[] {
  return (Object.keys(benchCases) as BenchCaseName[]).filter((name) => cases.includes(name)).flatMap((name) => benchCases[name].metrics);
}

/**
 * bench/run.mjs made of these cases. They run in the order of benchCases,
 * whatever the order given: the cases that need no large index run first,
 * before building one fills the heap.
 */
export function renderBenchScript(cases: readonly BenchCaseName[]): string {
  const ordered = (Object.keys(benchCases) as BenchCaseName[]).filter((name) => cases.includes(name));
  const imports = [...new Set(['WordIndex', ...ordered.flatMap((name) => benchCases[name].imports)])].sort();
  const body = ordered.map((name) => benchCases[name].code).join('\n');
  return source`
#!/usr/bin/env node
/**
 * The benchmarks, in the pitwall bench-script format:
 *
 *   node bench/run.mjs <repoDir> <outFile>
 *
 * writes one JSON line per metric to <outFile>. A timing metric has several
 * samples; each is the mean time per item of a batch of passes over a fixed
 * set of items (queries, texts), long enough to measure well, timed in this
 * process.
 */
import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCorpus } from './corpus.mjs';
import { ${imports.join(', ')} } from '../src/index.mjs';

const outFile = process.argv[3];
if (outFile === undefined) {
  console.error('usage: node bench/run.mjs <repoDir> <outFile>');
  process.exit(2);
}

const SAMPLES = 7;
const BATCH_NS = 4e6;
const WARMUP_NS = 25_000_000n;
const NS_PER_UNIT = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
const lines = [];
let checksum = 0;

// Collecting garbage before each metric keeps the garbage of one (or of
// building a large index) from being billed to the next.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

/**
 * Times fn on every item: one sample per batch of whole passes over the items,
 * the mean time per item in unit. Whole passes make every batch do the same
 * work, however many passes it takes to last BATCH_NS.
 */
function time(metric, unit, items, fn) {
  collectGarbage();
  const pass = () => {
    let total = 0;
    for (const item of items) total += fn(item);
    return total;
  };
  const warmUntil = process.hrtime.bigint() + WARMUP_NS;
  let passes = 1;
  while (runBatch(pass, passes) < BATCH_NS && passes < 1e6) passes *= 2;
  // Until the optimizing compiler and the collector have settled, the first
  // batches are up to twice as slow as the later ones.
  while (process.hrtime.bigint() < warmUntil) runBatch(pass, passes);
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    samples.push(round(runBatch(pass, passes) / passes / items.length / NS_PER_UNIT[unit]));
  }
  lines.push({ metric, samples, unit, direction: -1 });
}

function runBatch(pass, passes) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < passes; i++) checksum += pass();
  return Number(process.hrtime.bigint() - start);
}

/** A deterministic figure: it changes only when the code does. */
function count(metric, fn, unit) {
  const line = { metric, value: fn(), direction: -1 };
  if (unit !== undefined) line.unit = unit;
  lines.push(line);
}

function round(value) {
  return Number(value.toPrecision(4));
}

function buildIndex(documents) {
  const index = new WordIndex();
  for (const doc of documents) index.add(doc.id, doc.title + '\n' + doc.text);
  return index;
}

const corpus = createCorpus();
const docs = corpus.documents;
const titles = docs.map((doc) => doc.title);
const smallSet = docs.slice(0, 100);
const longText = docs.slice(0, 60).map((doc) => doc.text).join('\n\n');

${body}
writeFileSync(outFile, lines.map((line) => JSON.stringify(line) + '\n').join(''));
console.log(lines.length + ' metrics written to ' + outFile + ' (checksum ' + checksum + ')');
`;
}
