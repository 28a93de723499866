/**
 * The sample library's small project files: package.json, the entry module,
 * type declarations, CI workflow, license, ignore file and pitwall.yaml.
 */
import { applyEdits } from '../apply-edit.ts';
import { source } from './source-text.ts';

export const packageJsonV1 = source`
{
  "name": "findex",
  "version": "0.1.0",
  "description": "A small in-memory full-text index: tokenizer, word index, phrase queries.",
  "type": "module",
  "exports": "./src/index.mjs",
  "engines": {
    "node": ">=20"
  },
  "license": "MIT"
}
`;

/** npm test runs the files under test/. */
export const packageJsonV2 = applyEdits(packageJsonV1, [
  {
    from: '  "license": "MIT"\n',
    to: source`
  "license": "MIT",
  "scripts": {
    "test": "node --test",
    "bench": "node bench/run.mjs . bench-results.jsonl"
  }
`,
  },
], 'package.json v2');

export const packageJsonV3 = applyEdits(packageJsonV2, [{ from: '"version": "0.1.0"', to: '"version": "0.2.0"' }], 'package.json v3');

/** Type declarations ship with the package. */
export const packageJsonV4 = applyEdits(packageJsonV3, [
  { from: '  "exports": "./src/index.mjs",\n', to: '  "exports": {\n    "types": "./index.d.ts",\n    "default": "./src/index.mjs"\n  },\n  "files": ["src", "index.d.ts"],\n' },
], 'package.json v4');

export const packageJsonV5 = applyEdits(packageJsonV4, [
  { from: '"version": "0.2.0"', to: '"version": "0.3.0"' },
  { from: 'tokenizer, word index, phrase queries.', to: 'tokenizer, word index, phrase and prefix queries.' },
], 'package.json v5');

export const gitignore = source`
node_modules/
bench-results.jsonl
`;

export const license = source`
MIT License

Copyright (c) 2026 The findex authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

export const pitwallYaml = source`
# Benchmarks of every commit, committed to the "results" branch by pitwall.
branch: results
machine: demo-machine
site:
  title: findex benchmarks
suites:
  - name: core
    # The bench script as it is in each commit ("$1" is that commit's checkout):
    # the cases grow with the code they measure.
    command: node "$1/bench/run.mjs" "$1" "$2"
    repeat: 3
    warmup: 0
    timeout: 60
metrics:
  - match: "**"
    direction: lower
`;

export const indexV1 = source`
/** findex: a small in-memory full-text index. */
export { tokenize } from './tokenize.mjs';
export { WordIndex } from './word-index.mjs';
`;

export const indexV2 = applyEdits(indexV1, [
  { from: "export { tokenize } from './tokenize.mjs';", to: "export { foldAccents, tokenize } from './tokenize.mjs';" },
], 'src/index.mjs v2');

export const indexV3 = indexV2 + "export { snippet } from './highlight.mjs';\n";

export const indexV4 = indexV3 + "export { STOP_WORDS } from './stopwords.mjs';\n";

export const indexV5 = indexV4 + "export { foldPlural } from './plural.mjs';\n";

export const indexV6 = indexV5 + "export { parseQuery } from './query.mjs';\n";

export const typesV1 = source`
/** A term of a text and its word position, counting stop words. */
export interface Token {
  term: string;
  position: number;
}

export interface TokenizeOptions {
  /** Lower-case words to drop; default STOP_WORDS, [] keeps every word. */
  stopWords?: readonly string[] | ReadonlySet<string>;
}

export const STOP_WORDS: readonly string[];

export function tokenize(text: string, options?: TokenizeOptions): Token[];
export function foldAccents(text: string): string;
export function foldPlural(word: string): string;

export interface SnippetOptions {
  /** Length of the excerpt in characters; default 160. */
  width?: number;
}

/** An HTML excerpt around the first match, with the matches in <mark>. */
export function snippet(text: string, terms: readonly string[], options?: SnippetOptions): string;

export interface IndexData {
  version: 1;
  lengths: [string, number][];
  postings: [string, [string, number[]][]][];
}

export class WordIndex {
  constructor(options?: TokenizeOptions);
  static fromJSON(data: IndexData, options?: TokenizeOptions): WordIndex;
  /** Counters for profiling queries. */
  stats: { queries: number; postingsVisited: number };
  readonly size: number;
  add(id: string, text: string): this;
  remove(id: string): boolean;
  /** Ids of the documents matching every term, phrase ("...") and prefix (word*). */
  search(query: string): string[];
  toJSON(): IndexData;
}
`;

export const typesV2 = applyEdits(typesV1, [
  {
    from: 'export function foldPlural(word: string): string;\n',
    to: source`
export function foldPlural(word: string): string;

export interface ParsedQuery {
  terms: string[];
  phrases: Token[][];
  prefixes: string[];
}

export function parseQuery(query: string, options?: TokenizeOptions): ParsedQuery;
`,
  },
], 'index.d.ts v2');

export const workflowV1 = source`
name: test
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm test
`;

export const workflowV2 = applyEdits(workflowV1, [
  {
    from: '    runs-on: ubuntu-latest\n',
    to: '    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        node: [20, 22, 24]\n',
  },
  { from: 'node-version: 20', to: 'node-version: ${{ matrix.node }}' },
], '.github/workflows/test.yml v2');
