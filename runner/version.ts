import { readFileSync } from 'node:fs';

/** pitwall's own version, written into every run record. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
