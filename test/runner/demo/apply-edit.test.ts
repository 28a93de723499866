import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdit, applyEdits } from '../../../runner/demo/apply-edit.ts';
import { isPitwallError } from '../../../results/errors.ts';

test('applyEdits replaces each anchor once, in order, so a later edit can build on an earlier one', () => {
  const source = 'const a = 1;\nconst b = 2;\n';
  const edited = applyEdits(source, [
    { from: 'const a = 1;', to: 'const a = 10;' },
    { from: 'a = 10', to: 'a = 11' },
  ], 'example');
  assert.equal(edited, 'const a = 11;\nconst b = 2;\n');
  assert.equal(applyEdit(source, 'b = 2', 'b = 3', 'example'), 'const a = 1;\nconst b = 3;\n');
});

test('applyEdits throws DEMO_SAMPLE_EDIT_FAILED when an anchor is missing', () => {
  assert.throws(
    () => applyEdits('one\ntwo\n', [{ from: 'three', to: '3' }], 'example v2'),
    (error) => isPitwallError(error) && error.code === 'DEMO_SAMPLE_EDIT_FAILED' && error.message.includes('example v2'),
  );
});

test('applyEdits throws DEMO_SAMPLE_EDIT_FAILED when an anchor occurs twice', () => {
  assert.throws(() => applyEdits('x = 1; x = 1;', [{ from: 'x = 1;', to: 'x = 2;' }], 'example'), (error) => isPitwallError(error) && error.code === 'DEMO_SAMPLE_EDIT_FAILED');
});
