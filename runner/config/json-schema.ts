/**
 * pitwall.schema.json, generated from ConfigFileSchema so that editors check
 * pitwall.yaml with the same rules as the runner (less the cross-field ones).
 * Point an editor at it with a first line such as
 *   # yaml-language-server: $schema=<path or URL of pitwall.schema.json>
 */
import * as z from 'zod';
import { ConfigFileSchema } from './schema.ts';

/** Name of the generated file at the repository root. */
export const JSON_SCHEMA_FILE = 'pitwall.schema.json';

/** The JSON Schema text, as committed (two-space indent, final newline). */
export function formatJsonSchema(): string {
  // draft-07: the version the YAML language server and most editors implement fully.
  // io "input": fields with defaults are optional to write.
  const schema = z.toJSONSchema(ConfigFileSchema, { target: 'draft-07', io: 'input', unrepresentable: 'throw' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
