import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { command } from '../../../runner/commands/detect.ts';
import { isPitwallError, UsageError } from '../../../results/errors.ts';
import { createRandom } from '../../eval/prng.ts';

async function runDetect(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const code = await command.run({ argv, cwd, env: {}, stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitwall-detect-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** 40 points around 100 with 1 % noise, then 20 points 8 % higher. */
function stepValues(): number[] {
  const rng = createRandom(21);
  return Array.from({ length: 60 }, (_, i) => Number(((i >= 40 ? 108 : 100) * Math.exp(0.01 * rng.normal())).toFixed(3)));
}

async function rejects(promise: Promise<unknown>, code: string, line?: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isPitwallError(error) && error instanceof UsageError, String(error));
    assert.equal(error.code, code);
    if (line !== undefined) assert.match(error.message, new RegExp(`:${line}"`));
    assert.ok(error.hint !== undefined);
    return true;
  });
}

test(
  'pitwall detect prints a table of the change points in a CSV of bare values',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'series.csv'), `${stepValues().join('\n')}\n`);
    const r = await runDetect(dir, ['series.csv', '--direction', 'lower']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^60 points, noise σ /);
    const rows = r.stdout.split('\n').filter((l) => /confirmed|tentative/.test(l));
    assert.equal(rows.length, 1, r.stdout);
    assert.match(rows[0]!, /^\s*40\s+39 → 40\s+\S+ → \S+\s+\+[78]\.\d\d % \[\+\d\.\d\d, \+\d+\.\d\d\].*σ\s+confirmed\s+regression$/);
  }),
);

test(
  'pitwall detect reads the value column of a CSV with a header',
  withDir(async (dir) => {
    const lines = stepValues().map((v, i) => `c${i},${v}`);
    writeFileSync(join(dir, 'series.csv'), `commit,value\n${lines.join('\n')}\n`);
    const r = await runDetect(dir, ['series.csv', '--json']);
    const out = JSON.parse(r.stdout) as { changePoints: { index: number; kind: string }[] };
    assert.deepEqual(
      out.changePoints.map((c) => [c.index, c.kind]),
      [[40, 'change']],
    );
  }),
);

test(
  'pitwall detect --json on a JSON file gives changePoints with 0-based indices and the noise',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'series.json'), JSON.stringify(stepValues().map((value) => ({ value, commit: 'x' }))));
    const r = await runDetect(dir, ['series.json', '--json', '--direction', 'higher', '--threshold', '2%']);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out).sort(), ['changePoints', 'noise', 'points']);
    const noise = out['noise'] as Record<string, number>;
    assert.equal(noise['floor'], 0.02);
    assert.ok(noise['sigma']! > 0.005 && noise['sigma']! < 0.02);
    const [c, ...rest] = out['changePoints'] as Record<string, unknown>[];
    assert.deepEqual(rest, []);
    assert.equal(c!['index'], 40);
    assert.equal(c!['kind'], 'improvement');
    assert.equal(c!['status'], 'confirmed');
    for (const key of ['before', 'after', 'changePct', 'pValue', 'sizeInNoise']) assert.equal(typeof c![key], 'number', key);
    assert.equal((c!['ci'] as number[]).length, 2);
    const plain = await runDetect(dir, ['series.json', '--json']);
    assert.equal(typeof (JSON.parse(plain.stdout) as { changePoints: unknown[] }).changePoints.length, 'number');
  }),
);

test(
  'pitwall detect says when it finds no change',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'flat.json'), JSON.stringify([100, 101, 99, 100, 100.5, 99.5, 100]));
    const r = await runDetect(dir, ['flat.json']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No change found/);
  }),
);

test(
  'pitwall detect rejects a bad CSV line with its file:line',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'bad.csv'), '1\n2\n\nabc\n');
    await rejects(runDetect(dir, ['bad.csv']), 'DETECT_INVALID_FILE', 4);
    writeFileSync(join(dir, 'wide.csv'), '1,2\n');
    await rejects(runDetect(dir, ['wide.csv']), 'DETECT_INVALID_FILE', 1);
    writeFileSync(join(dir, 'header.csv'), 'commit,time\na,1\n');
    await rejects(runDetect(dir, ['header.csv']), 'DETECT_INVALID_FILE', 1);
  }),
);

test(
  'pitwall detect rejects a bad JSON element with its file:line',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'bad.json'), '[\n  1,\n  2,\n  {"value": "x"}\n]\n');
    await rejects(runDetect(dir, ['bad.json']), 'DETECT_INVALID_FILE', 4);
    writeFileSync(join(dir, 'object.json'), '{"values": [1, 2]}');
    await rejects(runDetect(dir, ['object.json']), 'DETECT_INVALID_FILE', 1);
    writeFileSync(join(dir, 'broken.json'), '[1,\n2,,]');
    await rejects(runDetect(dir, ['broken.json']), 'DETECT_INVALID_FILE');
  }),
);

test(
  'pitwall detect rejects bad options and a missing file as usage errors',
  withDir(async (dir) => {
    writeFileSync(join(dir, 's.csv'), '1\n2\n');
    await rejects(runDetect(dir, ['s.csv', '--direction', 'up']), 'USAGE');
    await rejects(runDetect(dir, ['s.csv', '--threshold', 'two']), 'USAGE');
    await rejects(runDetect(dir, ['s.csv', '--confirm-after', '0']), 'USAGE');
    await rejects(runDetect(dir, []), 'USAGE');
    await rejects(runDetect(dir, ['missing.csv']), 'DETECT_FILE_UNREADABLE');
  }),
);
