import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeProject, runCli } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"parse/small","value":1,"unit":"ms"}\\n' > "$2"\n`;
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

/** Files that each broke every build before: the build now leaves out or repairs each one and goes on. */
const BAD_FILES: Record<string, string> = {
  'notes/less-than.mdx': '---\ntitle: Faster parse\nmetrics: ["parse/**"]\n---\nParsing went from <5 ms to 7 ms, see <https://example.com/changelog>.\n',
  'notes/attribute.mdx': '---\ntitle: Raw HTML\n---\nA picture: <img src=foo.png alt=chart onerror=alert(1)>\n',
  'notes/image.mdx': '---\ntitle: With an image\n---\nBefore.\n\n![the chart](chart.png)\n\n![remote](https://example.com/chart.png)\n\n![broken](http://%zz/x.png) and [a link](http://%zz/)\n',
  'notes/bad-yaml.mdx': '---\ntitle: [unclosed\nmetrics: ["parse/**"]\n---\nBody.\n',
  'notes/validator.mdx': '---\ntitle: Fine\ndate: 2026-11-24\nmetrics: { parse: 1 }\n---\nBody.\n',
  'notes/no-end.mdx': '---\ntitle: Never closed\nBody without the closing line.\n',
  'triage/bomb.yaml': ALIAS_BOMB,
  'triage/parse.yaml': '- action: acknowlege\n  metric: "parse/**"\n  commit: 1a2b3c4\n',
};

test('notes and triage files that cannot be used are left out with a warning naming the line; the rest builds, and check reports the same', { timeout: 180_000 }, async (t) => {
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': 'machine: m1\nsuites:\n  - name: core\n    script: bench/ok.sh\n' }, ['bench/ok.sh']);
  const out = mkdtempSync(join(tmpdir(), 'pitwall-bad-inputs-'));
  t.after(() => { cleanup(); rmSync(out, { recursive: true, force: true }); });
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  const repo = await openResultsRepo({ dir });
  await writeRun(repo, { files: Object.entries(BAD_FILES).map(([path, content]) => ({ path, content })), message: 'notes and triage' });

  const build = await runCli(['build', '--out', out], { cwd: dir, timeoutMs: 170_000 });
  assert.equal(build.code, 0, build.stderr);
  assert.doesNotMatch(build.stderr, /\[ERROR\]/, 'the site build itself reports nothing');
  const warnings = build.stderr.split('\n').filter((l) => l.startsWith('pitwall: warning: '));
  const expected: [string, RegExp][] = [
    ['notes/image.mdx:6:1', /the image "chart\.png" is not shown: notes can show images from valid https addresses only; .*\(the rest of the file is shown\)$/],
    ['notes/image.mdx:10:1', /the image "http:\/\/%zz\/x\.png" is not shown/],
    ['notes/bad-yaml.mdx:3:1', /the frontmatter is not valid YAML: .*\(the file is left out of the site\)$/],
    ['notes/validator.mdx:4', /"metrics" is a mapping; write a list of metric globs, such as metrics: \["parse\/\*\*"\] \(the file is left out of the site\)$/],
    ['notes/no-end.mdx:1', /has no closing "---" line/],
    ['triage/bomb.yaml:1:1', /cannot be read: Excessive alias count/],
    ['triage/parse.yaml:1:3', /"action" is "acknowlege"; write acknowledge, expect or exclude/],
  ];
  for (const [where, pattern] of expected) {
    const line = warnings.find((w) => w.startsWith(`pitwall: warning: ${where}`));
    assert.ok(line !== undefined, `a warning for ${where} in:\n${warnings.join('\n')}`);
    assert.match(line, pattern);
  }
  assert.equal(warnings.length, expected.length, warnings.join('\n'));

  const article = (slug: string) => /<article[\s\S]*?<\/article>/.exec(readFileSync(join(out, 'notes', slug, 'index.html'), 'utf8'))?.[0] ?? '';
  const lessThan = article('less-than');
  assert.match(lessThan, /from &lt;5 ms to 7 ms/, '"<5" reads as the text it is');
  assert.match(lessThan, /<a href="https:\/\/example\.com\/changelog">https:\/\/example\.com\/changelog<\/a>/, 'an autolink is a link');
  const attribute = article('attribute');
  assert.match(attribute, /&lt;img src=foo\.png alt=chart onerror=alert\(1\)&gt;/, 'raw HTML shows as text');
  assert.doesNotMatch(attribute, /<img src="?foo/);
  const image = article('image');
  assert.match(image, /\[image ("|&quot;)the chart("|&quot;) not shown: ("|&quot;)chart\.png("|&quot;) is not a valid https address\]/);
  assert.match(image, /\[image ("|&quot;)broken("|&quot;) not shown: /, 'an address the renderer cannot decode does not empty the note');
  assert.match(image, /and <a href="[^"]*">a link<\/a>/);
  assert.match(image, /<img src="https:\/\/example\.com\/chart\.png" alt="remote"/);
  for (const skipped of ['bad-yaml', 'validator', 'no-end']) assert.ok(!existsSync(join(out, 'notes', skipped)), `${skipped} is left out`);

  const notesIndex = /<main[\s\S]*?<\/main>/.exec(readFileSync(join(out, 'notes', 'index.html'), 'utf8'))?.[0] ?? '';
  assert.match(notesIndex, /7 problems to fix in files on the results branch/);
  assert.match(notesIndex, /<code>triage\/bomb\.yaml:1:1<\/code>/);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /7 problems to fix in files on the results branch: /);

  const check = await runCli(['check', '--json'], { cwd: dir });
  assert.equal(check.code, 2, check.stderr);
  const { problems } = JSON.parse(check.stdout) as { problems: { file: string; line: number; column?: number; message: string }[] };
  const found = problems.map((p) => `${p.file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`);
  for (const [where] of expected) assert.ok(found.some((f) => f.startsWith(where)), `check reports ${where}: ${found.join(', ')}`);
  assert.equal(problems.length, expected.length);
  assert.match(check.stderr, /notes and triage: 6 notes and 2 triage files checked, 7 problems/);
  // The lines results/README.md shows.
  const plain = await runCli(['check'], { cwd: dir });
  assert.equal(plain.code, 2);
  const lines = plain.stdout.split('\n');
  assert.ok(lines.includes('notes/validator.mdx:4: "metrics" is a mapping; write a list of metric globs, such as metrics: ["parse/**"]'), plain.stdout);
  assert.ok(lines.includes('triage/parse.yaml:1:3: "action" is "acknowlege"; write acknowledge, expect or exclude; fix the file on the results branch, or write its entries again with "pitwall triage"'), plain.stdout);
});
