import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.ts';
import { command } from '../../../runner/commands/detect.ts';
import { createRandom } from '../../eval/prng.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

/** 40 timings around 10 ms with 1 % noise, then 20 at 10.8 ms. */
function timings(): string {
  const rng = createRandom(33);
  return `value\n${Array.from({ length: 60 }, (_, i) => ((i >= 40 ? 10.8 : 10) * Math.exp(0.01 * rng.normal())).toFixed(4)).join('\n')}\n`;
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitwall-detect-examples-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  "README's detect example on a binary size prints what the README shows",
  withDir(async (dir) => {
    const section = README.slice(README.indexOf('## Statistics'));
    const json = /\$ cat binary-size\.json\n(.*)\n/.exec(section)?.[1];
    assert.ok(json !== undefined, 'the README shows the file');
    writeFileSync(join(dir, 'binary-size.json'), `${json}\n`);
    const shown = /\$ pitwall detect binary-size\.json --unit B --direction lower\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(shown !== undefined, 'the README shows the output');
    const r = await runCli(['detect', 'binary-size.json', '--unit', 'B', '--direction', 'lower'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, shown);
  }),
);

test(
  'the detect examples of the README and of --help run on real files',
  withDir(async (dir) => {
    writeFileSync(join(dir, 'timings.csv'), timings());
    writeFileSync(join(dir, 'binary-size.json'), '[4096, 4096, 4096, 4096, 4096, 4104, 4104, 4104]\n');
    const examples = [...command.help.matchAll(/^ {2}pitwall (detect .*)$/gm), ...README.matchAll(/^\$ pitwall (detect timings\.csv.*)$/gm)].map((m) => (m[1] as string).split(' '));
    assert.equal(examples.length, 3, examples.join(' | '));
    for (const args of examples) {
      const r = await runCli(args, { cwd: dir });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      const rows = r.stdout.split('\n').filter((l) => / confirmed /.test(l));
      assert.equal(rows.length, 1, `${args.join(' ')}:\n${r.stdout}`);
      assert.match(rows[0]!, args[1] === 'timings.csv' ? /^\s+40\s+39 → 40 .* regression$/ : /^\s+5\s+4 → 5\s+4096 → 4104 .* exact\s+confirmed\s+regression$/);
    }
  }),
);
