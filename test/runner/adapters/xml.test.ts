import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, XmlSyntaxError } from '../../../runner/adapters/xml.ts';

test('parseXml reads elements, attributes with entities and their lines, skipping comments and text', () => {
  const root = parseXml('<?xml version="1.0"?>\n<a x="1 &lt; 2" y=\'&#65;&#x42;\'>\n  <!-- c -->\n  text\n  <b/>\n  <c><![CDATA[<d>]]></c>\n</a>\n');
  assert.equal(root.name, 'a');
  assert.deepEqual(root.attributes, { x: '1 < 2', y: 'AB' });
  assert.equal(root.line, 2);
  assert.deepEqual(root.children.map((c) => [c.name, c.line, c.children.length]), [['b', 5, 0], ['c', 6, 0]]);
});

test('parseXml fails on a mismatched or missing closing tag with the offset', () => {
  assert.throws(() => parseXml('<a><b></a>'), (e: unknown) => e instanceof XmlSyntaxError && e.offset === 6 && e.expected === '"</b>"');
  assert.throws(() => parseXml('<a><b>'), (e: unknown) => e instanceof XmlSyntaxError && e.offset === 6 && e.expected === '"</b>"');
  assert.throws(() => parseXml('<a x=1/>'), (e: unknown) => e instanceof XmlSyntaxError);
  assert.throws(() => parseXml('<a/><b/>'), (e: unknown) => e instanceof XmlSyntaxError && e.expected === 'a single root element');
});
