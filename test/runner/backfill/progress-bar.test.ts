import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createProgress, formatSeconds } from '../../../runner/backfill/progress-bar.ts';

function capture(tty: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns: 100 });
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

test('on a terminal the bar is redrawn in place with the count and an ETA from the commits so far', () => {
  let now = 0;
  const out = capture(true);
  const progress = createProgress(out.stream, 4, () => now);
  progress.start('abc1234 First');
  now = 2000;
  progress.finish('abc1234 First: ok');
  progress.start('def5678 Second');
  progress.end();
  const text = out.text();
  assert.match(text, /\r\x1b\[2K\[\.{24}\] 0\/4  ETA \?  abc1234 First/);
  assert.match(text, /pitwall: \[1\/4\] abc1234 First: ok, ETA 6\.0s\n/);
  assert.match(text, /\r\x1b\[2K\[#{6}\.{18}\] 1\/4  ETA 6\.0s  def5678 Second/);
  assert.ok(text.endsWith('\r\x1b[2K'), 'the bar is cleared at the end');
});

test('elsewhere it prints one plain line per commit and no control characters', () => {
  let now = 0;
  const out = capture(false);
  const progress = createProgress(out.stream, 2, () => now);
  progress.start('a');
  now = 90_000;
  progress.finish('a: ok');
  progress.note('  a warning');
  progress.start('b');
  progress.finish('b: ok');
  progress.end();
  assert.equal(out.text(), 'pitwall: [1/2] a: ok, ETA 1m30s\npitwall:   a warning\npitwall: [2/2] b: ok\n');
});

test('formatSeconds reads as tenths under 10 s, then minutes and hours', () => {
  assert.deepEqual([0.25, 9.94, 59, 61, 3600 * 2 + 60 * 5].map(formatSeconds), ['0.3s', '9.9s', '59s', '1m01s', '2h05m']);
});
