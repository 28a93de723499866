import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listSampleMetrics, sampleHistory } from '../../../runner/demo/sample-history.ts';
import { createSampleFixture, runSampleBench } from './sample-fixture.ts';
import type { SampleFixture } from './sample-fixture.ts';

/** Metrics that count something: one exact value, the same on every run. */
const DETERMINISTIC = new Set(['index/size', 'search/and//visited']);

describe('the sample bench suite', () => {
  let fixture: SampleFixture;
  before(async () => {
    fixture = await createSampleFixture();
  });
  after(() => fixture.remove());

  for (const [label, index] of [['first', 0], ['last', sampleHistory.length - 1]] as const) {
    test(`writes valid JSON Lines with the declared metrics at the ${label} commit`, async () => {
      const tree = await fixture.checkout(fixture.repo.commits[index] ?? '');
      const started = Date.now();
      const { text, measurements, problems } = await runSampleBench(tree);
      const seconds = (Date.now() - started) / 1000;
      assert.deepEqual(problems, []);
      assert.ok(text.endsWith('\n'));
      assert.deepEqual(measurements.map((m) => m.metric), listSampleMetrics(index));
      for (const m of measurements) {
        assert.equal(m.direction, -1, m.metric);
        if (DETERMINISTIC.has(m.metric)) {
          assert.ok(Number.isInteger(m.value) && (m.value ?? 0) > 0, `${m.metric}: ${m.value}`);
        } else {
          assert.ok(m.samples !== undefined && m.samples.length >= 5, m.metric);
          assert.ok(m.samples.every((s) => s > 0), `${m.metric}: ${m.samples.join(', ')}`);
          assert.ok(['ms', 'us'].includes(m.unit ?? ''), `${m.metric}: ${m.unit}`);
        }
      }
      // A budget for the demo, which runs the suite three times per commit; generous for a busy machine.
      assert.ok(seconds < 5, `${seconds} s`);
    });
  }

  test('declares between 6 and 15 metrics, growing as features arrive', () => {
    const first = listSampleMetrics(0);
    const last = listSampleMetrics(sampleHistory.length - 1);
    assert.ok(first.length >= 5 && last.length >= 6 && last.length <= 15, `${first.length} then ${last.length}`);
    assert.ok(first.every((metric) => last.includes(metric)));
    assert.ok(last.some((metric) => metric.includes('//')), 'a submetric');
  });
});
