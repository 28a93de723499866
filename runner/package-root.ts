import { fileURLToPath } from 'node:url';

/** Root of the pitwall package (where package.json and astro.config.mjs are). */
export const PACKAGE_ROOT: string = fileURLToPath(new URL('..', import.meta.url));
