// Entry of an analysis worker thread. Installed packages run TypeScript through tsx
// (see bin/pitwall.mjs), and a worker does not inherit the parent's loader.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
