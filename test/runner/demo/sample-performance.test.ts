/**
 * The sample history's performance changes are real: the suite, run at the
 * commits around each change, measures them.
 *
 * This is timing on a shared machine, where other processes only ever add
 * time: the assertions compare the fastest sample of each side (the least
 * disturbed), with wide margins, and runs of the two commits are interleaved.
 * The changes themselves are 2x or more. Medians are printed as diagnostics.
 */
import { after, before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sampleHistory } from '../../../runner/demo/sample-history.ts';
import type { SampleEffect } from '../../../runner/demo/sample-history.ts';
import { createSampleFixture, measureTrees } from './sample-fixture.ts';
import type { SampleFixture, TreeFigures } from './sample-fixture.ts';

const ROUNDS = 3;

function findStep(kind: SampleEffect['kind'], metric: string): number {
  const index = sampleHistory.findIndex((step) => step.effect?.kind === kind && step.effect.metrics.includes(metric));
  assert.ok(index > 0, `a step with a ${kind} of ${metric}`);
  return index;
}

/** after / before of each metric's fastest sample; the medians' ratio goes to the diagnostics. */
function compare(t: TestContext, sides: [TreeFigures, TreeFigures], metrics: readonly string[]): Record<string, number> {
  const [before, after] = sides;
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  for (const metric of metrics) {
    const [a, b] = [before.best.get(metric), after.best.get(metric)];
    const [ma, mb] = [before.median.get(metric), after.median.get(metric)];
    assert.ok(a !== undefined && b !== undefined && a > 0 && ma !== undefined && mb !== undefined, `${metric} measured on both sides`);
    ratios[metric] = b / a;
    notes.push(`${metric}: fastest ${a} -> ${b} (x${(b / a).toFixed(2)}), median ${ma} -> ${mb} (x${(mb / ma).toFixed(2)})`);
  }
  t.diagnostic(notes.join('; '));
  return ratios;
}

function assertWithin(ratio: number | undefined, low: number, high: number, metric: string): void {
  assert.ok(ratio !== undefined && ratio >= low && ratio <= high, `${metric} x${ratio?.toFixed(2)}, expected x${low} to x${high}`);
}

describe('the sample history', { timeout: 180_000 }, () => {
  let fixture: SampleFixture;
  before(async () => {
    fixture = await createSampleFixture();
  });
  after(() => fixture.remove());

  async function measureAround(index: number): Promise<[TreeFigures, TreeFigures]> {
    const trees = [await fixture.checkout(fixture.repo.commits[index - 1] ?? ''), await fixture.checkout(fixture.repo.commits[index] ?? '')];
    const [before, after] = await measureTrees(trees, ROUNDS);
    assert.ok(before !== undefined && after !== undefined);
    return [before, after];
  }

  test('has its regression between commits 12 and 18', () => {
    const index = findStep('regression', 'tokenize/long');
    assert.ok(index + 1 >= 12 && index + 1 <= 18, `commit ${index + 1}`);
  });

  test('moving stop words into an array makes tokenizing at least 25 % slower while snippets and AND queries stay flat', async (t) => {
    const sides = await measureAround(findStep('regression', 'tokenize/long'));
    const ratios = compare(t, sides, ['tokenize/long', 'tokenize/short', 'highlight/snippet', 'search/and']);
    assertWithin(ratios['tokenize/long'], 1.25, 10, 'tokenize/long');
    assertWithin(ratios['tokenize/short'], 1.25, 10, 'tokenize/short');
    assertWithin(ratios['highlight/snippet'], 0.6, 1.6, 'highlight/snippet');
    assertWithin(ratios['search/and'], 0.6, 1.6, 'search/and');
  });

  test('intersecting from the rarest term makes AND queries at least 25 % faster and visits fewer postings', async (t) => {
    const sides = await measureAround(findStep('improvement', 'search/and'));
    const ratios = compare(t, sides, ['search/and', 'tokenize/long']);
    assertWithin(ratios['search/and'], 0, 0.75, 'search/and');
    assertWithin(ratios['tokenize/long'], 0.6, 1.6, 'tokenize/long');
    // Deterministic: the figures the commit message quotes.
    assert.equal(sides[0].best.get('search/and//visited'), 34011);
    assert.equal(sides[1].best.get('search/and//visited'), 5128);
  });

  test('binary search makes prefix queries at least 25 % faster while term queries stay flat', async (t) => {
    const sides = await measureAround(findStep('improvement', 'search/prefix'));
    const ratios = compare(t, sides, ['search/prefix', 'search/term']);
    assertWithin(ratios['search/prefix'], 0, 0.75, 'search/prefix');
    assertWithin(ratios['search/term'], 0.5, 2, 'search/term');
  });
});
