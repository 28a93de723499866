/**
 * The sample project's history: "findex", a small full-text index library with
 * a bench suite, over 30 commits by three people across six weeks.
 *
 * Some commits change the library's speed through real code changes (see
 * `effect`); the numbers come only from running bench/run.mjs at each commit.
 * By commit number, 1-based:
 *   14  stop words in an array, looked up with includes(): tokenize/* and
 *       index/build about 2x slower
 *   20  plural folding: fewer terms, so index/size drops and more postings are
 *       visited (deterministic); phrase queries get slower as a side effect
 *   22  AND queries walk the rarest term's postings: search/and about 3x faster
 *   25  stop words in a Set again: tokenize/* and index/build recover
 *   26  prefix matches by binary search: search/prefix about 8x faster
 * The other metrics stay flat, within noise.
 */
import { listBenchMetrics, renderBenchScript, corpusModule } from './sample/bench-source.ts';
import type { BenchCaseName } from './sample/bench-source.ts';
import * as docs from './sample/docs-source.ts';
import * as highlight from './sample/highlight-source.ts';
import * as project from './sample/project-files.ts';
import * as tests from './sample/test-sources.ts';
import * as tokenize from './sample/tokenize-source.ts';
import * as wordIndex from './sample/word-index-source.ts';
import * as wordIndexSearch from './sample/word-index-search-source.ts';

export interface SampleAuthor {
  name: string;
  email: string;
}

/** What a step does to the benchmarks, as intended by its change. */
export interface SampleEffect {
  /** regression / improvement: worse / better; shift: a deterministic metric moves as a side effect. */
  kind: 'regression' | 'improvement' | 'shift';
  metrics: readonly string[];
}

export interface SampleStep {
  /** Subject line, then a blank line and the body when there is one. */
  message: string;
  author: SampleAuthor;
  /** Author and commit time, ISO 8601 with the author's UTC offset. */
  date: string;
  /** Path -> new content, or null to delete the file. Other files stay as they are. */
  files: Readonly<Record<string, string | null>>;
  /** Paths among `files` that get the executable bit; it stays through later rewrites. */
  executable?: readonly string[];
  /** Every metric bench/run.mjs writes from this step on; set on the steps that change the suite. */
  metrics?: readonly string[];
  effect?: SampleEffect;
}

const maya: SampleAuthor = { name: 'Maya Lindqvist', email: 'maya@findex.example' };
const tomas: SampleAuthor = { name: 'Tomás Ferreira', email: 'tomas@findex.example' };
const priya: SampleAuthor = { name: 'Priya Raman', email: 'priya@findex.example' };

/** bench/run.mjs with these cases, and the metrics it then writes. */
function bench(cases: readonly BenchCaseName[]): { script: string; metrics: readonly string[] } {
  return { script: renderBenchScript(cases), metrics: listBenchMetrics(cases) };
}

const bench1 = bench(['tokenize', 'build', 'search']);
const bench2 = bench(['tokenize', 'build', 'search', 'serialize']);
const bench3 = bench(['tokenize', 'build', 'search', 'serialize', 'phrase']);
const bench4 = bench(['tokenize', 'build', 'search', 'serialize', 'phrase', 'snippet']);
const bench5 = bench(['tokenize', 'build', 'search', 'serialize', 'phrase', 'snippet', 'prefix']);

export const sampleHistory: readonly SampleStep[] = [
  {
    message: `Initial commit: tokenizer, word index and benchmarks

WordIndex keeps, for each term, the documents that contain it and the word
positions, so that phrase queries can come later.

bench/run.mjs measures tokenizing, building an index and term and AND
queries over a made-up corpus, in the format pitwall reads; pitwall.yaml
runs it on every commit.`,
    author: maya,
    date: '2026-08-03T10:12:00+02:00',
    files: {
      'package.json': project.packageJsonV1,
      '.gitignore': project.gitignore,
      LICENSE: project.license,
      'pitwall.yaml': project.pitwallYaml,
      'src/index.mjs': project.indexV1,
      'src/tokenize.mjs': tokenize.tokenizeV1,
      'src/word-index.mjs': wordIndex.wordIndexV1,
      'bench/corpus.mjs': corpusModule,
      'bench/run.mjs': bench1.script,
    },
    executable: ['bench/run.mjs'],
    metrics: bench1.metrics,
  },
  {
    message: 'Add unit tests for tokenize and search',
    author: maya,
    date: '2026-08-04T09:40:00+02:00',
    files: {
      'package.json': project.packageJsonV2,
      'test/tokenize.test.mjs': tests.tokenizeTestV1,
      'test/word-index.test.mjs': tests.wordIndexTestV1,
    },
  },
  {
    message: 'Add a README with a usage example',
    author: tomas,
    date: '2026-08-05T14:05:00+01:00',
    files: { 'README.md': docs.readmeV1 },
  },
  {
    message: 'Support removing documents from an index',
    author: maya,
    date: '2026-08-06T11:30:00+02:00',
    files: { 'src/word-index.mjs': wordIndex.wordIndexV2, 'test/word-index.test.mjs': tests.wordIndexTestV2 },
  },
  {
    message: `Save and load an index with toJSON() and WordIndex.fromJSON()

New benchmarks: serialize/save, serialize/load, and index/size, the bytes of
a saved 100-document index.`,
    author: tomas,
    date: '2026-08-10T16:20:00+01:00',
    files: { 'src/word-index.mjs': wordIndex.wordIndexV3, 'bench/run.mjs': bench2.script },
    metrics: bench2.metrics,
  },
  {
    message: 'Test that a saved index loads back with the same results',
    author: tomas,
    date: '2026-08-11T10:02:00+01:00',
    files: { 'test/word-index.test.mjs': tests.wordIndexTestV3 },
  },
  {
    message: `Fold accents when tokenizing, so that café finds cafe

Text with no character outside ASCII, most of it, skips the Unicode
normalization, so this should not show in the benchmarks.`,
    author: priya,
    date: '2026-08-12T13:45:00+05:30',
    files: {
      'src/tokenize.mjs': tokenize.tokenizeV2,
      'src/index.mjs': project.indexV2,
      'test/tokenize.test.mjs': tests.tokenizeTestV2,
    },
  },
  {
    message: `Add phrase queries in double quotes

'fox "lazy dog"' finds documents with "fox" and with "lazy" just before
"dog", using the positions the index already keeps. New benchmark:
search/phrase.`,
    author: maya,
    date: '2026-08-14T11:10:00+02:00',
    files: {
      'src/word-index.mjs': wordIndex.wordIndexV4,
      'test/word-index.test.mjs': tests.wordIndexTestV4,
      'bench/run.mjs': bench3.script,
    },
    metrics: bench3.metrics,
  },
  {
    message: 'README: queries and saving an index',
    author: maya,
    date: '2026-08-17T09:25:00+02:00',
    files: { 'README.md': docs.readmeV2 },
  },
  {
    message: 'Run the tests on GitHub Actions',
    author: priya,
    date: '2026-08-18T15:50:00+05:30',
    files: { '.github/workflows/test.yml': project.workflowV1 },
  },
  {
    message: 'Add CONTRIBUTING with notes on the benchmarks',
    author: tomas,
    date: '2026-08-19T12:00:00+01:00',
    files: { 'CONTRIBUTING.md': docs.contributing },
  },
  {
    message: `Add snippet() to mark the matches in result text

New benchmark: highlight/snippet.`,
    author: tomas,
    date: '2026-08-20T17:35:00+01:00',
    files: {
      'src/highlight.mjs': highlight.highlightV1,
      'src/index.mjs': project.indexV3,
      'test/highlight.test.mjs': tests.highlightTestV1,
      'bench/run.mjs': bench4.script,
    },
    metrics: bench4.metrics,
  },
  {
    message: `Fix remove() leaving empty postings lists behind

The terms of a removed document stayed in the index, and in saved files,
with no documents.`,
    author: priya,
    date: '2026-08-21T10:15:00+05:30',
    files: { 'src/word-index.mjs': wordIndex.wordIndexV5, 'test/word-index.test.mjs': tests.wordIndexTestV5 },
  },
  {
    message: `Move stop words to src/stopwords.mjs and accept custom lists

tokenize(text, { stopWords }) and new WordIndex({ stopWords }) take an array
of lower-case words; [] indexes every word. The default list grows to the
usual English stop words and is exported as STOP_WORDS.`,
    author: maya,
    date: '2026-08-24T14:40:00+02:00',
    files: {
      'src/stopwords.mjs': tokenize.stopWordsModule,
      'src/tokenize.mjs': tokenize.tokenizeV3,
      'src/word-index.mjs': wordIndex.wordIndexV6,
      'src/index.mjs': project.indexV4,
      'test/tokenize.test.mjs': tests.tokenizeTestV3,
    },
    effect: { kind: 'regression', metrics: ['tokenize/short', 'tokenize/long', 'index/build'] },
  },
  {
    message: 'Test the stopWords option of WordIndex',
    author: maya,
    date: '2026-08-25T10:05:00+02:00',
    files: { 'test/word-index.test.mjs': tests.wordIndexTestV6 },
  },
  {
    message: 'Release 0.2.0 and start a CHANGELOG',
    author: tomas,
    date: '2026-08-26T16:00:00+01:00',
    files: { 'package.json': project.packageJsonV3, 'CHANGELOG.md': docs.changelogV1 },
  },
  {
    message: `Add prefix queries: inde* finds index, indexes, indexing

New benchmark: search/prefix.`,
    author: priya,
    date: '2026-08-28T11:20:00+05:30',
    files: {
      'src/word-index.mjs': wordIndexSearch.wordIndexV7,
      'test/word-index.test.mjs': tests.wordIndexTestV7,
      'bench/run.mjs': bench5.script,
    },
    metrics: bench5.metrics,
  },
  {
    message: 'README: prefix queries and custom stop words',
    author: priya,
    date: '2026-08-31T10:00:00+05:30',
    files: { 'README.md': docs.readmeV3 },
  },
  {
    message: `Escape HTML in snippets

snippet() returns HTML, so a "<" in a document broke the page showing it.`,
    author: tomas,
    date: '2026-09-01T15:15:00+01:00',
    files: { 'src/highlight.mjs': highlight.highlightV2, 'test/highlight.test.mjs': tests.highlightTestV2 },
  },
  {
    message: `Fold regular plurals, so that boxes finds box

Indexes saved by earlier versions keep the plural terms: rebuild them.`,
    author: maya,
    date: '2026-09-02T09:50:00+02:00',
    files: {
      'src/plural.mjs': tokenize.pluralModule,
      'src/tokenize.mjs': tokenize.tokenizeV4,
      'src/index.mjs': project.indexV5,
      'test/tokenize.test.mjs': tests.tokenizeTestV4,
    },
    effect: { kind: 'shift', metrics: ['index/size', 'search/and//visited'] },
  },
  {
    message: 'Add type declarations',
    author: tomas,
    date: '2026-09-03T14:30:00+01:00',
    files: { 'index.d.ts': project.typesV1, 'package.json': project.packageJsonV4 },
  },
  {
    message: `Intersect AND queries starting from the rarest term

A query like "page zebra" walked every document containing "page" and
checked each for "zebra". Walking the shortest postings list instead visits
far fewer: search/and//visited in the benchmarks drops from 34011 to 5128.`,
    author: priya,
    date: '2026-09-07T11:45:00+05:30',
    files: { 'src/word-index.mjs': wordIndexSearch.wordIndexV8 },
    effect: { kind: 'improvement', metrics: ['search/and', 'search/and//visited'] },
  },
  {
    message: 'CHANGELOG: list the unreleased changes',
    author: tomas,
    date: '2026-09-08T10:30:00+01:00',
    files: { 'CHANGELOG.md': docs.changelogV2 },
  },
  {
    message: `Move query parsing to src/query.mjs

No change in behaviour. parseQuery() is exported for callers who want to
show how a query was read.`,
    author: tomas,
    date: '2026-09-09T16:10:00+01:00',
    files: {
      'src/query.mjs': wordIndexSearch.queryModule,
      'src/word-index.mjs': wordIndexSearch.wordIndexV9,
      'src/index.mjs': project.indexV6,
      'index.d.ts': project.typesV2,
      'test/query.test.mjs': tests.queryTest,
    },
  },
  {
    message: `Look up stop words in a Set again

Since 0.2.0, tokenize() checked every word against the stop word array with
includes(), scanning the whole list each time: tokenize and index/build got
about twice as slow on the dashboard. Each list now becomes a Set on first
use.`,
    author: maya,
    date: '2026-09-10T09:05:00+02:00',
    files: { 'src/tokenize.mjs': tokenize.tokenizeV5 },
    effect: { kind: 'improvement', metrics: ['tokenize/short', 'tokenize/long', 'index/build'] },
  },
  {
    message: `Find prefix matches by binary search over the sorted terms

Prefix queries compared every term of the index with the prefix. The terms
are now sorted once after a change, and a binary search finds the first
match.`,
    author: priya,
    date: '2026-09-11T13:20:00+05:30',
    files: { 'src/word-index.mjs': wordIndexSearch.wordIndexV10 },
    effect: { kind: 'improvement', metrics: ['search/prefix'] },
  },
  {
    message: 'Test prefix queries after documents are added and removed',
    author: priya,
    date: '2026-09-11T15:40:00+05:30',
    files: { 'test/word-index.test.mjs': tests.wordIndexTestV8 },
  },
  {
    message: 'CI: test on Node.js 20, 22 and 24',
    author: tomas,
    date: '2026-09-14T10:00:00+01:00',
    files: { '.github/workflows/test.yml': project.workflowV2 },
  },
  {
    message: 'README: API reference',
    author: maya,
    date: '2026-09-14T17:25:00+02:00',
    files: { 'README.md': docs.readmeV4 },
  },
  {
    message: 'Release 0.3.0',
    author: tomas,
    date: '2026-09-15T11:00:00+01:00',
    files: { 'package.json': project.packageJsonV5, 'CHANGELOG.md': docs.changelogV3 },
  },
];

/** The metrics bench/run.mjs writes at the step with this index (0-based). */
export function listSampleMetrics(stepIndex: number): readonly string[] {
  for (let i = Math.min(stepIndex, sampleHistory.length - 1); i >= 0; i--) {
    const metrics = sampleHistory[i]?.metrics;
    if (metrics !== undefined) return metrics;
  }
  return [];
}
