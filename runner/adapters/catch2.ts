/** Catch2 (C++) benchmarks: the console reporter's tables, or the XML reporter. */
import type { Adapter } from './adapter.ts';
import { parseCatch2Console } from './catch2-console.ts';
import { parseCatch2Xml } from './catch2-xml.ts';

export const catch2: Adapter = {
  title: 'Catch2 (C++) BENCHMARK results: console reporter or XML reporter (-r xml)',
  example: './tests "[!benchmark]" -r xml -o "$2"',
  detect(text) {
    return /^benchmark name\s+samples\s+iterations\s+est/m.test(text) || /<(?:Catch2TestRun|Catch)[\s>]/.test(text);
  },
  parse(text, source) {
    return text.trimStart().startsWith('<') ? parseCatch2Xml(text, source) : parseCatch2Console(text, source);
  },
};
