import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownToHtml, mdxToJs } from 'satteri';
import { isSafeNoteUrl, safeNotesPlugin } from '../../../site/lib/safe-notes.ts';

test('isSafeNoteUrl allows web, mail and relative links only', () => {
  for (const url of ['https://example.com', 'http://x', 'mailto:a@b.c', '../notes/x/', '#top', 'page?x=1']) assert.ok(isSafeNoteUrl(url), url);
  for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x']) assert.ok(!isSafeNoteUrl(url), url);
});

test('safeNotesPlugin shows raw HTML in Markdown as text and disarms links', async () => {
  const { html } = await markdownToHtml('Hi <script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n[go](javascript:alert(3)) **bold**', { mdastPlugins: [safeNotesPlugin] });
  assert.ok(!html.includes('<script'), html);
  assert.ok(!html.includes('<img'), html);
  assert.ok(html.includes('&lt;script&gt;'), html);
  assert.ok(html.includes('<a href="#">go</a>'), html);
  assert.ok(html.includes('<strong>bold</strong>'), html);
});

test('safeNotesPlugin removes MDX imports and exports and turns expressions and JSX into text', async () => {
  const source = "import fs from 'node:fs'\nexport const secret = 1\n\nValue {process.exit(1)} and <Chart data={x} /> here.\n\n<div onClick={run}>inner</div>\n";
  const { code } = await mdxToJs(source, { mdastPlugins: [safeNotesPlugin] });
  assert.ok(!code.includes('node:fs'), code);
  assert.ok(!code.includes('secret'), code);
  assert.ok(!/process\.exit\(1\)\s*[,)}]/.test(code.replace(/"[^"]*"/g, '""')), 'the expression must only appear inside a string');
  assert.ok(code.includes('{process.exit(1)}'), code);
  assert.ok(code.includes('<Chart data={x} />') || code.includes('\\u003cChart'), code);
});
