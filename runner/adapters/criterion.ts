/**
 * Rust Criterion.rs, in whichever of its outputs the suite saves: the console
 * text of `cargo bench`, the JSON lines of `cargo criterion --message-format=json`,
 * or one `target/criterion/<id>/new/estimates.json`.
 */
import type { Adapter } from './adapter.ts';
import { parseCriterionConsole } from './criterion-console.ts';
import { parseCriterionEstimates, parseCriterionMessages } from './criterion-json.ts';

const CONSOLE = /^.*?\s*time:\s+\[-?[\d.]+ \S+ /m;
const MESSAGE = /^\s*\{\s*"reason"\s*:/m;
const ESTIMATES = /"median_abs_dev"\s*:\s*\{\s*"confidence_interval"/;

export const criterion: Adapter = {
  title: 'Rust Criterion.rs: cargo bench console, cargo criterion JSON lines, or new/estimates.json',
  example: 'cargo criterion --message-format=json > "$2"',
  detect(text) {
    return CONSOLE.test(text) || (MESSAGE.test(text) && text.includes('"benchmark-complete"')) || ESTIMATES.test(text);
  },
  parse(text, source) {
    const start = text.trimStart();
    if (MESSAGE.test(text)) return parseCriterionMessages(text, source);
    if (start.startsWith('{')) return parseCriterionEstimates(text, source);
    return parseCriterionConsole(text, source);
  },
};
