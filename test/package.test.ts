import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('the npm pack tarball installs in a fresh project and "npx pitwall --help" works', { timeout: 180_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-pack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  const project = join(dir, 'project');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(dir, tarball)], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  const help = execFileSync('npx', ['--no-install', 'pitwall', '--help'], { cwd: project, encoding: 'utf8' });
  assert.match(help, /Usage: pitwall <command>/);
  assert.match(help, /\n {2}run {2,}Run the suites/);
  const runHelp = execFileSync('npx', ['--no-install', 'pitwall', 'run', '--help'], { cwd: project, encoding: 'utf8' });
  assert.match(runHelp, /--commit <rev>/);
});
