/**
 * Test helpers for the adapters: the real harness outputs kept beside the
 * repository (../shared/data/tool-outputs), the hand-written variants in
 * test/fixtures/adapters, and assertions on what an adapter read.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Adapter, BenchMeasurement, ParsedOutput } from '../../../runner/adapters/index.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const TOOL_OUTPUTS = join(REPO_ROOT, '..', 'shared', 'data', 'tool-outputs');
export const HISTORIES = join(REPO_ROOT, '..', 'shared', 'data', 'histories');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'adapters');

/** `skip` option for tests on the real outputs: a message when they are absent, false otherwise. */
export const skipWithoutRealOutputs: string | false = existsSync(TOOL_OUTPUTS)
  ? false
  : 'the real harness outputs are not here (expected ../shared/data/tool-outputs beside the repository)';

/** Parses `<folder>/<file>` of the real outputs; the source is that relative path. */
export function parseReal(adapter: Adapter, relative: string): ParsedOutput {
  return adapter.parse(readFileSync(join(TOOL_OUTPUTS, relative), 'utf8'), relative);
}

export function readReal(relative: string): string {
  return readFileSync(join(TOOL_OUTPUTS, relative), 'utf8');
}

/** Parses a file of test/fixtures/adapters; the source is its path under that folder. */
export function parseFixture(adapter: Adapter, relative: string): ParsedOutput {
  return adapter.parse(readFixture(relative), relative);
}

export function readFixture(relative: string): string {
  return readFileSync(join(FIXTURES, relative), 'utf8');
}

/** The measurement for `metric`, failing the test when there is none. */
export function metric(output: ParsedOutput, name: string): BenchMeasurement {
  const found = output.measurements.find((m) => m.metric === name);
  assert.ok(found, `no measurement "${name}" in ${JSON.stringify(output.measurements.map((m) => m.metric))}`);
  return found;
}

export function metricNames(output: ParsedOutput): string[] {
  return output.measurements.map((m) => m.metric);
}

/** Equal up to floating-point rounding of a unit conversion (relative 1e-12). */
export function assertClose(actual: number | undefined, expected: number, label = 'value'): void {
  assert.equal(typeof actual, 'number', `${label} is not a number`);
  const a = actual as number;
  const tolerance = Math.max(Math.abs(expected) * 1e-12, 1e-300);
  assert.ok(Math.abs(a - expected) <= tolerance, `${label}: ${a} is not ${expected}`);
}

export function assertSamplesClose(actual: readonly number[] | undefined, expected: readonly number[]): void {
  assert.ok(actual, 'no samples');
  assert.equal(actual.length, expected.length, 'sample count');
  expected.forEach((e, i) => assertClose(actual[i], e, `sample ${i}`));
}

export interface ExpectedError {
  code: string;
  line?: number;
  column?: number;
  path?: string;
  source?: string;
}

/** Asserts that `fn` throws a PitwallError with this code (and location, when given). */
export function assertAdapterError(fn: () => unknown, expected: ExpectedError): void {
  assert.throws(fn, (error: unknown) => {
    const e = error as { code?: string; line?: number; column?: number; path?: string; source?: string; message?: string };
    assert.equal(e.code, expected.code, `code (message: ${e.message})`);
    if (expected.line !== undefined) assert.equal(e.line, expected.line, `line (message: ${e.message})`);
    if (expected.column !== undefined) assert.equal(e.column, expected.column, `column (message: ${e.message})`);
    if (expected.path !== undefined) assert.equal(e.path, expected.path, `path (message: ${e.message})`);
    if (expected.source !== undefined) {
      assert.equal(e.source, expected.source, 'source');
      assert.ok(e.message?.includes(expected.source), `the message names the file: ${e.message}`);
    }
    return true;
  });
}
