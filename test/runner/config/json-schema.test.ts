import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { formatJsonSchema, JSON_SCHEMA_FILE } from '../../../runner/config/json-schema.ts';

interface JsonSchemaNode {
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
}

test('the committed pitwall.schema.json matches runner/config/schema.ts', async () => {
  const committed = await readFile(new URL(`../../../${JSON_SCHEMA_FILE}`, import.meta.url), 'utf8');
  assert.ok(committed === formatJsonSchema(), `${JSON_SCHEMA_FILE} is out of date: run "node runner/config/write-json-schema.ts" and commit the result`);
});

test('every setting in the JSON Schema has a description for editors', () => {
  const missing: string[] = [];
  const visit = (node: JsonSchemaNode, path: string): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (child.description === undefined) missing.push(`${path}${key}`);
      visit(child, `${path}${key}.`);
    }
    if (node.items !== undefined) visit(node.items, `${path}[].`);
  };
  visit(JSON.parse(formatJsonSchema()) as JsonSchemaNode, '');
  assert.deepEqual(missing, []);
});

test('the JSON Schema rejects unknown keys like the loader does', () => {
  const schema = JSON.parse(formatJsonSchema()) as { additionalProperties?: boolean; properties: { suites: { items: { additionalProperties?: boolean } } } };
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.suites.items.additionalProperties, false);
});
