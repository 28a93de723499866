import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseRunFile } from '../../../results/schema.ts';
import { scanRunFile } from '../../../results/store/scan-run-file.ts';
import { sampleRun } from './git-fixtures.ts';

const base = sampleRun('m1', 3, 6);
/** Names that need escapes in JSON, and a line written with other spacing, as a hand-edited file has. */
const text = base.content
  .replace('"metric-1"', JSON.stringify('quote"d/metric'))
  .replace('"metric-2"', JSON.stringify('back\\slash'))
  .replace(/\n(\{[^\n]*"metric-3"[^\n]*)/, (_, line: string) => `\n${JSON.stringify(JSON.parse(line), null, 0).replace('"metric":', '"metric" : ')}`);

test('scanRunFile keeps exactly the wanted measurements a full parse finds', () => {
  const full = parseRunFile(text, 'x.jsonl');
  const names = full.measurements.map((m) => m.metric);
  assert.deepEqual(names, ['metric-0', 'quote"d/metric', 'back\\slash', 'metric-3', 'metric-4', 'metric-5']);
  for (const pick of [[], ['metric-0'], ['quote"d/metric'], ['back\\slash', 'metric-3'], names]) {
    const scanned = scanRunFile(text, 'x.jsonl', (m) => pick.includes(m));
    assert.deepEqual(scanned.run, full.run);
    assert.deepEqual(scanned.measurements, full.measurements.filter((m) => pick.includes(m.metric)));
  }
});

test('scanRunFile checks the lines it keeps and the run record, naming the line', () => {
  const lines = text.split('\n');
  lines[2] = lines[2]!.replace(/"value":[^,]+/, '"value":"12ms"');
  const broken = lines.join('\n');
  assert.throws(() => scanRunFile(broken, 'x.jsonl', () => true), (e: Error & { code?: string }) => e.code === 'RESULTS_INVALID_LINE' && /line 3/.test(e.message));
  assert.throws(() => scanRunFile(lines.slice(1).join('\n'), 'x.jsonl', () => false), { code: 'RESULTS_INVALID_LINE' });
});
