/**
 * Every example of README's "Keeping up with main" section and of the help of
 * queue, backfill, bisect, notify and run --if-new runs here, in order, on a
 * real repository whose history has a slowdown; the crontab line and the
 * systemd unit's commands run in a clone of it.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, git, makeProject } from '../helpers/cli.ts';
import { commands } from '../../runner/commands/index.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const SECTION = README.slice(README.indexOf('## Keeping up with main'), README.indexOf('## Deploying with GitHub Actions'));

function codeBlocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
}

async function helpExamples(name: string): Promise<string[]> {
  const help = (await commands[name]!.load()).help;
  return help.slice(help.indexOf('Examples:')).split('\n').slice(1).map((l) => l.trim()).filter((l) => l.startsWith('pitwall') || l.includes(' pitwall '));
}

/** Runs one line of sh with `pitwall` and `npx pitwall` meaning this checkout's CLI (asynchronously: the receiver lives in this process). */
function sh(line: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `pitwall() { "$PW_NODE" "$PW_CLI" "$@"; }\nnpx() { shift; pitwall "$@"; }\n${line}`;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PW_NODE: process.execPath, PW_CLI: CLI, PITWALL_TOKEN: '', GITHUB_TOKEN: '', GITHUB_HEAD_REF: '', GITHUB_REF_NAME: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const BENCH = '#!/bin/sh\necho "{\\"metric\\":\\"parse/small\\",\\"value\\":$(cat "$1/VALUE"),\\"unit\\":\\"ms\\"}" > "$2"\n';
const CONFIG = 'machine: m1\nsite:\n  url: https://bench.example.com/parser/\nsuites:\n  - name: core\n    script: bench/run.sh\n';
const JITTER = [1, 1.006, 0.995, 1.003, 0.998, 1.004, 0.996, 1.002];

describe('the examples of "Keeping up with main" and of the commands\' help', { timeout: 600_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  let receiver: http.Server;
  let slackUrl = '';
  let posts = 0;
  before(async () => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: '10' }, ['bench/run.sh']));
    for (let i = 1; i < 24; i++) {
      writeFileSync(join(dir, 'VALUE'), ((i < 14 ? 10 : 20) * JITTER[i % JITTER.length]!).toFixed(4));
      git(dir, 'commit', '-q', '-am', `Commit ${i + 1}`);
      if (i === 2) git(dir, 'tag', 'v1.0.0');
    }
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => { posts++; res.end('ok'); });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    slackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T0/B0/x`;
  });
  after(async () => {
    cleanup();
    await new Promise((resolve) => receiver.close(resolve));
  });

  test('README\'s examples run, in order', async () => {
    const lines = codeBlocks(SECTION, 'sh').flatMap((b) => b.split('\n')).filter((l) => l.trim() !== '');
    assert.ok(lines.length >= 8);
    for (const line of lines) {
      const result = await sh(line, dir, { SLACK_WEBHOOK_URL: slackUrl });
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
    }
    assert.equal(posts, 1, 'the Slack example posted the one regression');
  });

  test('the help examples run', async () => {
    const lines = [
      ...(await helpExamples('queue')), ...(await helpExamples('backfill')), ...(await helpExamples('bisect')),
      ...(await helpExamples('notify')), ...(await helpExamples('run')).filter((l) => l.includes('--if-new')),
    ];
    assert.ok(lines.length >= 10);
    for (const line of lines) {
      const result = await sh(line, dir, { SLACK_WEBHOOK_URL: slackUrl });
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
    }
  });

  test('the crontab line and the systemd unit\'s commands measure each new head of main once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pitwall-cron-'));
    try {
      const clone = join(root, 'parser');
      git(root, 'clone', '-q', dir, clone);
      git(clone, 'config', 'user.email', 'bench@example.com');
      git(clone, 'config', 'user.name', 'Bench');
      const cron = /^\*\/15 \* \* \* \* (.*)$/m.exec(codeBlocks(SECTION, 'crontab')[0] ?? '')?.[1];
      assert.ok(cron !== undefined);
      const cronCommand = cron.replace('/srv/bench/parser', clone).replace('/var/log/pitwall.log', join(root, 'pitwall.log'));
      const unit = codeBlocks(SECTION, 'ini')[0] ?? '';
      const execLines = [...unit.matchAll(/^ExecStart(?:Pre)?=(.*)$/gm)].map((m) => (m[1] ?? '').replace('/usr/bin/npx', 'npx').replace('/usr/bin/git', 'git'));
      assert.match(unit, /WorkingDirectory=\/srv\/bench\/parser/);
      const heads = (): number => git(clone, 'log', '--oneline', 'results').split('\n').filter((l) => l.includes(git(clone, 'rev-parse', '--short=7', 'HEAD').trim())).length;

      writeFileSync(join(dir, 'VALUE'), '20.1');
      git(dir, 'commit', '-q', '-am', 'New head for cron');
      assert.equal((await sh(cronCommand, root)).code, 0, readFileSync(join(root, 'pitwall.log'), 'utf8'));
      assert.equal(heads(), 1, 'cron measured the new head');
      assert.equal((await sh(cronCommand, root)).code, 0);
      assert.equal(heads(), 1, 'and not again');
      assert.match(readFileSync(join(root, 'pitwall.log'), 'utf8'), /already measured on m1: nothing to do/);

      writeFileSync(join(dir, 'VALUE'), '20.2');
      git(dir, 'commit', '-q', '-am', 'New head for the timer');
      for (const line of execLines) {
        const result = await sh(line, clone);
        assert.equal(result.code, 0, `${line}\n${result.stderr}`);
      }
      assert.equal(heads(), 1, 'the service measured the new head');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
