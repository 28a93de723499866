/** airspeed velocity (Python): a results file (format 2), or the console output of `asv run`. */
import type { Adapter } from './adapter.ts';
import { parseAsvConsole } from './asv-console.ts';
import { parseAsvResults } from './asv-results.ts';

export const asv: Adapter = {
  title: 'airspeed velocity (Python): a results file (format 2) or asv run console output',
  example: 'asv run --record-samples "HEAD^!" && cp .asv/results/*/"$(git rev-parse HEAD | cut -c1-8)"-*.json "$2"',
  detect(text) {
    return /"result_columns"\s*:/.test(text) || /^(?:\[\s*[\d.]+%\]\s+)?··· \S+\s+\S/m.test(text);
  },
  parse(text, source) {
    return text.trimStart().startsWith('{') ? parseAsvResults(text, source) : parseAsvConsole(text, source);
  },
};
