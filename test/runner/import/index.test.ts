import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveImportFormat } from '../../../runner/import/index.ts';
import { formatGabDataJs, makeGabData, writeAsvProject } from './fixtures.ts';

function makeDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('resolveImportFormat detects data.js, data.json, an asv project and its results folder', async (t) => {
  const dir = makeDir(t);
  writeFileSync(join(dir, 'data.js'), formatGabDataJs(makeGabData()));
  writeFileSync(join(dir, 'data.json'), JSON.stringify(makeGabData(), null, 2));
  mkdirSync(join(dir, 'asv'));
  writeAsvProject(join(dir, 'asv'));
  assert.equal((await resolveImportFormat(join(dir, 'data.js'), 'auto')).name, 'gab');
  assert.equal((await resolveImportFormat(join(dir, 'data.json'), 'auto')).name, 'gab');
  assert.equal((await resolveImportFormat(join(dir, 'asv'), 'auto')).name, 'asv');
  assert.equal((await resolveImportFormat(join(dir, 'asv', 'results'), 'auto')).name, 'asv');
});

test('resolveImportFormat refuses a file that is neither history, saying what each format expects', async (t) => {
  const dir = makeDir(t);
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ benchmarks: [] }));
  await assert.rejects(resolveImportFormat(join(dir, 'results.json'), 'auto'), { code: 'IMPORT_FORMAT_NOT_DETECTED' });
  await assert.rejects(resolveImportFormat(dir, 'auto'), { code: 'IMPORT_FORMAT_NOT_DETECTED' });
});

test('resolveImportFormat lets a named format read the file, but not a folder for a file format', async (t) => {
  const dir = makeDir(t);
  writeFileSync(join(dir, 'odd.json'), '{"entries": {}}');
  assert.equal((await resolveImportFormat(join(dir, 'odd.json'), 'gab')).name, 'gab');
  await assert.rejects(resolveImportFormat(dir, 'gab'), { code: 'IMPORT_FORMAT_NOT_DETECTED' });
  await assert.rejects(resolveImportFormat(join(dir, 'odd.json'), 'asv'), { code: 'IMPORT_FORMAT_NOT_DETECTED' });
  await assert.rejects(resolveImportFormat(join(dir, 'odd.json'), 'csv'), { code: 'IMPORT_UNKNOWN_FORMAT' });
  await assert.rejects(resolveImportFormat(join(dir, 'missing.js'), 'auto'), { code: 'IMPORT_SOURCE_NOT_FOUND' });
});
