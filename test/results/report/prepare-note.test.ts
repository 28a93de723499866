import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareNote } from '../../../results/report/prepare-note.ts';
import { parseNote } from '../../../results/report/notes.ts';

test('prepareNote rewrites the frontmatter into the types the site reads, keeping the body as it was', () => {
  const text = '---\ntitle: 2026 plan\nmetrics: parse/**\ncommits: [1234567, abcdef0]\ndate: 2026-11-24\nextra: ignored\n---\nFrom <5 ms to 7 ms.\n';
  const { note, problems } = prepareNote({ name: 'plan.mdx', text }, 'notes/plan.mdx');
  assert.deepEqual(problems, []);
  assert.equal(note?.text, '---\ntitle: 2026 plan\nmetrics:\n  - parse/**\ncommits:\n  - "1234567"\n  - abcdef0\ndate: 2026-11-24\n---\nFrom <5 ms to 7 ms.\n');
  const view = parseNote(note!, ['m1/core/parse/small', 'm1/core/other']);
  assert.deepEqual([view.title, view.metrics, view.commits, view.date], ['2026 plan', ['m1/core/parse/small'], ['1234567', 'abcdef0'], '2026-11-24']);
});

test('prepareNote names the line of a frontmatter problem, counting the opening "---"', () => {
  const cases: [string, number, RegExp][] = [
    ['---\ntitle: ok\ntitle: twice\n---\n', 3, /not valid YAML: Map keys must be unique/],
    ['---\ntitle:\n  nested: map\n---\n', 2, /"title" is a mapping/],
    ['---\ndate: [2026]\n---\n', 2, /"date" is a list/],
    ['---\n- a\n- b\n---\n', 2, /is a list, not a mapping/],
  ];
  for (const [text, line, pattern] of cases) {
    const { note, problems } = prepareNote({ name: 'x.mdx', text }, 'notes/x.mdx');
    assert.equal(note, null, text);
    assert.equal(problems[0]?.line, line, text);
    assert.match(problems[0]!.message, pattern, text);
    assert.equal(problems[0]?.effect, 'skipped');
  }
});

test('a note without frontmatter is used as it is; a local image is reported with its line in the file', () => {
  const plain = prepareNote({ name: 'p.md', text: 'Just text with ![a](https://example.com/a.png).\n' }, 'notes/p.md');
  assert.deepEqual(plain.problems, []);
  assert.equal(plain.note?.text, 'Just text with ![a](https://example.com/a.png).\n');
  const local = prepareNote({ name: 'i.md', text: '---\ntitle: t\n---\n\nSee:\n\n  ![chart](img/chart.png)\n\n```\n![not an image](in-code.png)\n```\n' }, 'docs/i.md');
  assert.deepEqual(local.problems.map((p) => [p.file, p.line, p.column, p.effect]), [['docs/i.md', 7, 3, 'shown-in-part']]);
  assert.ok(local.note !== null);
});

test('a note over 1 MiB is left out', () => {
  const { note, problems } = prepareNote({ name: 'big.md', text: 'x'.repeat(1024 * 1024 + 1) }, 'notes/big.md');
  assert.equal(note, null);
  assert.match(problems[0]!.message, /over the limit of 1024 KiB/);
});
