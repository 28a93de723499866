import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLineSplitter, MAX_LINE_CHARS } from '../../../runner/bench/line-splitter.ts';

test('lines split across chunks, CRLF endings and a multi-byte character cut in two come out whole', () => {
  const lines: string[] = [];
  const splitter = createLineSplitter((text) => lines.push(text));
  const bytes = Buffer.from('ab\r\ncd€e\nlast');
  const cut = bytes.indexOf(Buffer.from('€')) + 1;
  splitter.write(bytes.subarray(0, 3));
  splitter.write(bytes.subarray(3, cut));
  splitter.write(bytes.subarray(cut));
  assert.deepEqual(lines, ['ab', 'cd€e']);
  splitter.end();
  assert.deepEqual(lines, ['ab', 'cd€e', 'last']);
});

test('output without newlines is cut into lines of bounded length', () => {
  const lines: string[] = [];
  const splitter = createLineSplitter((text) => lines.push(text));
  splitter.write(Buffer.alloc(MAX_LINE_CHARS * 2 + 5, 'x'));
  splitter.end();
  assert.deepEqual(lines.map((l) => l.length), [MAX_LINE_CHARS, MAX_LINE_CHARS, 5]);
});
