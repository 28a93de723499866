import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listSampleMetrics, sampleHistory } from '../../../runner/demo/sample-history.ts';

test('every step of the sample history changes at least one file', () => {
  const files = new Map<string, string>();
  for (const [i, step] of sampleHistory.entries()) {
    const changed = Object.entries(step.files).filter(([path, content]) => (content ?? undefined) !== files.get(path));
    assert.ok(changed.length > 0, `step ${i + 1} "${step.message.split('\n')[0]}" changes nothing`);
    for (const [path, content] of Object.entries(step.files)) {
      if (content === null) files.delete(path);
      else files.set(path, content);
    }
  }
  assert.ok(files.has('bench/run.mjs') && files.has('pitwall.yaml') && files.has('README.md') && files.has('CHANGELOG.md'));
});

test('commit messages read like git messages: a short subject, then a wrapped body', () => {
  for (const step of sampleHistory) {
    const [subject = '', blank, ...body] = step.message.split('\n');
    assert.ok(subject.length > 0 && subject.length <= 72, subject);
    assert.doesNotMatch(subject, /\.$/);
    if (blank !== undefined) assert.equal(blank, '', subject);
    for (const line of body) assert.ok(line.length <= 76, `${subject}: ${line}`);
  }
});

test('the bench suite starts with the first commit and is executable', () => {
  const first = sampleHistory[0];
  assert.ok(first?.files['bench/run.mjs']?.startsWith('#!/usr/bin/env node\n'));
  assert.deepEqual(first?.executable, ['bench/run.mjs']);
  assert.ok(listSampleMetrics(0).length > 0);
});

test('each performance effect names metrics the suite writes at that step', () => {
  const effects = sampleHistory.flatMap((step, i) => (step.effect === undefined ? [] : [{ i, effect: step.effect }]));
  assert.ok(effects.some(({ effect }) => effect.kind === 'regression'));
  assert.ok(effects.some(({ effect }) => effect.kind === 'improvement'));
  for (const { i, effect } of effects) {
    for (const metric of effect.metrics) assert.ok(listSampleMetrics(i).includes(metric), `step ${i + 1}: ${metric}`);
  }
});

test('sample files name no machine paths and carry no stray tabs or trailing spaces', () => {
  for (const step of sampleHistory) {
    for (const [path, content] of Object.entries(step.files)) {
      if (content === null) continue;
      assert.doesNotMatch(content, /\/(?:work|home|Users|tmp)\//, path);
      assert.doesNotMatch(content, /[ \t]+$/m, path);
      assert.ok(content.endsWith('\n'), `${path} ends with a newline`);
    }
  }
});
