/**
 * The sample library's documentation: README.md, CONTRIBUTING.md and
 * CHANGELOG.md as they grow. Plain template literals: Markdown needs
 * backticks (escaped below) and has no backslashes to keep.
 */
import { applyEdits } from '../apply-edit.ts';

export const readmeV1 = `# findex

A small in-memory full-text index for Node.js: no dependencies, a few hundred
lines, fast enough for tens of thousands of documents.

~~~js
import { WordIndex } from 'findex';

const index = new WordIndex()
  .add('fox', 'The quick brown fox jumps over the lazy dog')
  .add('cat', 'A lazy cat sleeps in the sun');

index.search('lazy');     // ['fox', 'cat'], in no particular order
index.search('lazy fox'); // ['fox']: documents must contain every word
~~~

Words are compared in lower case, and common words such as "the" and "of"
(stop words) are not indexed.

## Install

~~~sh
npm install findex
~~~

Requires Node.js 20 or later.

## Development

~~~sh
npm test                                   # unit tests
node bench/run.mjs . bench-results.jsonl   # benchmarks: one JSON line per metric
~~~

The benchmarks run on every commit; \`pitwall.yaml\` says how.
`;

const QUERIES = `## Queries

| Query              | Finds documents that contain                            |
| ------------------ | ------------------------------------------------------- |
| \`lazy fox\`         | both "lazy" and "fox", anywhere                         |
| \`"lazy dog"\`       | "lazy" just before "dog" (stop words in between count)  |
| \`fox "lazy dog"\`   | "fox", and the phrase "lazy dog"                        |

Accents do not matter: \`cafe\` finds "café".

## Saving an index

~~~js
writeFileSync('index.json', JSON.stringify(index));
const loaded = WordIndex.fromJSON(JSON.parse(readFileSync('index.json', 'utf8')));
~~~

`;

/** Phrase queries and saving. */
export const readmeV2 = applyEdits(readmeV1, [{ from: '## Install\n', to: `${QUERIES}## Install\n` }], 'README.md v2');

/** Prefix queries, custom stop words. */
export const readmeV3 = applyEdits(readmeV2, [
  {
    from: '| `fox "lazy dog"`   | "fox", and the phrase "lazy dog"                        |\n',
    to: `| \`fox "lazy dog"\`   | "fox", and the phrase "lazy dog"                        |
| \`laz* fox\`         | a word starting with "laz", and "fox"                   |
`,
  },
  {
    from: '## Saving an index\n',
    to: `## Stop words

The default list, \`STOP_WORDS\`, has the most common English words. Pass your
own to index every word, or to drop words common in your documents:

~~~js
const index = new WordIndex({ stopWords: [...STOP_WORDS, 'lorem', 'ipsum'] });
const everything = new WordIndex({ stopWords: [] });
~~~

Use the same list when you load a saved index: \`WordIndex.fromJSON(data, { stopWords })\`.

## Saving an index
`,
  },
], 'README.md v3');

/** API reference. */
export const readmeV4 = applyEdits(readmeV3, [
  {
    from: '## Install\n',
    to: `## API

- \`new WordIndex({ stopWords? })\`: an empty index.
- \`index.add(id, text)\`: indexes a document; returns the index. Ids are unique.
- \`index.remove(id)\`: removes a document; \`false\` when it was not there.
- \`index.search(query)\`: ids of the matching documents (see Queries).
- \`index.size\`: the number of documents.
- \`index.toJSON()\` / \`WordIndex.fromJSON(data, { stopWords? })\`: save and load.
- \`tokenize(text, { stopWords? })\`: \`[{ term, position }]\`, as the index sees a text.
- \`snippet(text, terms, { width? })\`: an HTML excerpt with the matches in \`<mark>\`.
- \`parseQuery(query)\`: \`{ terms, phrases, prefixes }\`, as \`search\` reads a query.

Type declarations are in \`index.d.ts\`.

## Install
`,
  },
], 'README.md v4');

export const contributing = `# Contributing

Thanks for helping! A change is ready when:

1. \`npm test\` passes on Node.js 20 or later;
2. new behaviour has a test in \`test/\`;
3. the README says how to use it, and CHANGELOG.md (once there is one) lists it.

## Benchmarks

\`bench/run.mjs\` measures tokenizing, building, saving and querying an index
of a made-up corpus (\`bench/corpus.mjs\`, the same on every machine):

~~~sh
node bench/run.mjs . bench-results.jsonl
~~~

It writes one JSON line per metric, with several samples for each timing.
Every commit on main is benchmarked, and the dashboard flags changes; if your
change is meant to be faster, say by how much in the commit message.
Keep the corpus and the existing cases unchanged so that the history stays
comparable; add a case for a new feature.
`;

export const changelogV1 = `# Changelog

## 0.2.0 - 2026-08-26

- Custom stop word lists: \`tokenize(text, { stopWords })\` and
  \`new WordIndex({ stopWords })\`. The default list is longer and exported as \`STOP_WORDS\`.
- \`snippet()\` makes search result excerpts with the matches marked.
- Phrase queries in double quotes.
- Accents are folded: "café" finds "cafe".
- Fixed: \`remove()\` left empty postings behind.

## 0.1.0 - 2026-08-10

- First release: \`tokenize()\` and \`WordIndex\` with \`add\`, \`remove\`, \`search\`,
  \`toJSON\` and \`fromJSON\`.
`;

const UNRELEASED = `## Unreleased

- Prefix queries: \`inde*\`.
- Regular plurals are folded: "boxes" finds "box". Saved indexes should be rebuilt.
- AND queries start from the rarest term: much faster when a common word comes first.
- Type declarations (\`index.d.ts\`).
- Fixed: \`snippet()\` did not escape HTML.

`;

export const changelogV2 = applyEdits(changelogV1, [{ from: '## 0.2.0', to: `${UNRELEASED}## 0.2.0` }], 'CHANGELOG.md v2');

export const changelogV3 = applyEdits(changelogV2, [
  { from: '## Unreleased\n', to: '## 0.3.0 - 2026-09-15\n' },
  {
    from: '- Type declarations (`index.d.ts`).\n',
    to: `- Prefix queries use a sorted list of terms instead of scanning them all.
- \`parseQuery()\` shows how \`search()\` reads a query.
- Type declarations (\`index.d.ts\`).
- Fixed: since 0.2.0, \`tokenize()\` and \`add()\` were about twice as slow
  (stop words were looked up in an array).
`,
  },
], 'CHANGELOG.md v3');
