/**
 * The site's queue view and metrics.prom, built by the real "pitwall build"
 * from a repository whose main branch is partly measured, one commit failed.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { git, makeProject, runCli } from '../../helpers/cli.ts';
import { serveStatic } from '../../helpers/static-server.ts';

const BENCH = '#!/bin/sh\n[ -f "$1/FAIL" ] && exit 3\necho "{\\"metric\\":\\"parse/small\\",\\"value\\":$(cat "$1/VALUE"),\\"unit\\":\\"ms\\"}" > "$2"\n';
const CONFIG = 'machine: m1\nsuites:\n  - name: core\n    script: bench/run.sh\n';

describe('pitwall build publishes the queue and metrics.prom', { timeout: 240_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  let out: string;
  const shas: string[] = [];
  before(async () => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: '10' }, ['bench/run.sh']));
    shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    for (let i = 1; i < 8; i++) {
      if (i === 6) writeFileSync(join(dir, 'FAIL'), 'x');
      if (i === 7) rmSync(join(dir, 'FAIL'));
      writeFileSync(join(dir, 'VALUE'), String(10 + (i % 3) * 0.01));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', `Commit ${i + 1}`);
      shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    }
    // m1: the newest five (one of them fails); m2: the head only.
    assert.equal((await runCli(['backfill', '--no-push', '--last', '5'], { cwd: dir })).code, 1);
    assert.equal((await runCli(['run', '--if-new', '--no-push'], { cwd: dir, env: { PITWALL_MACHINE: 'm2' } })).code, 0);
    out = mkdtempSync(join(tmpdir(), 'pitwall-queue-site-'));
    const build = await runCli(['build', '--out', out], { cwd: dir, timeoutMs: 200_000 });
    assert.equal(build.code, 0, build.stderr);
  });
  after(() => {
    cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  test('the queue page shows, per machine, which recent commits are measured, pending or failed', () => {
    const html = readFileSync(join(out, 'queue', 'index.html'), 'utf8');
    const section = (machine: string) => {
      const start = html.indexOf(`data-machine="${machine}"`);
      assert.ok(start > 0, machine);
      const end = html.indexOf('</section>', start);
      return html.slice(start, end);
    };
    const m1 = section('m1');
    assert.match(m1, /data-queue-length="4"/, 'three never run and one failed');
    assert.equal(m1.match(/data-state="measured"/g)?.length, 4);
    assert.equal(m1.match(/data-state="pending"/g)?.length, 3);
    assert.equal(m1.match(/data-state="failed"/g)?.length, 1);
    assert.match(m1, new RegExp(`${shas[6]!.slice(0, 7)}[\\s\\S]*?failed`));
    assert.match(section('m2'), /data-queue-length="7"/);
    assert.match(html, /href="\/queue\/"/, 'the navigation links the page');
  });

  test('metrics.prom is valid for a Prometheus text parser and holds the figures', () => {
    const text = readFileSync(join(out, 'metrics.prom'), 'utf8');
    assert.ok(text.endsWith('# EOF\n'));
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string>) =>
      families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    assert.equal(families.get('pitwall_latest_value')?.type, 'GAUGE');
    assert.equal(value('pitwall_latest_value', { machine: 'm1', suite: 'core', metric: 'parse/small', unit: 'ms' }), '10.01');
    assert.equal(value('pitwall_runs', { machine: 'm1' }), '5');
    assert.equal(value('pitwall_failed_runs', { machine: 'm1' }), '1');
    assert.equal(value('pitwall_runs', { machine: 'm2' }), '1');
    assert.equal(value('pitwall_queue_length', { machine: 'm1' }), '4');
    assert.equal(value('pitwall_queue_length', { machine: 'm2' }), '7');
    assert.equal(value('pitwall_open_regressions', { machine: 'm1' }), '0');
  });

  test('pitwall serve gives metrics.prom the OpenMetrics content type a scraper asks for', async () => {
    const server = await serveStatic(out);
    try {
      const response = await fetch(`${server.url}metrics.prom`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/openmetrics-text; version=1.0.0; charset=utf-8');
      assert.ok(parsePrometheusTextFormat(await response.text()).length >= 5);
    } finally {
      await server.close();
    }
  });
});
