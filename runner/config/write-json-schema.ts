/**
 * Regenerates pitwall.schema.json at the repository root after a change to
 * runner/config/schema.ts:
 *   node runner/config/write-json-schema.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatJsonSchema, JSON_SCHEMA_FILE } from './json-schema.ts';

const target = fileURLToPath(new URL(`../../${JSON_SCHEMA_FILE}`, import.meta.url));
await writeFile(target, formatJsonSchema());
process.stdout.write(`Wrote ${JSON_SCHEMA_FILE}\n`);
