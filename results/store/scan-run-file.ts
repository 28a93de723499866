/**
 * Parses a run file keeping only the measurements of wanted metrics. Every
 * line is one JSON record whose "metric" key comes first among its strings
 * (formatRecordLine), so a line's metric name can be read without parsing the
 * line; only the run record and the wanted lines are parsed and checked. One
 * metric out of a thousand costs about a thousandth of a full parse.
 */
import { parseRecordLine, type MeasurementRecord, type RunRecord } from '../schema.ts';
import { PitwallError } from '../errors.ts';

const METRIC_KEY = '"metric":"';

/** The metric of a measurement line, or null when the line must be parsed to know (a run record, escapes, other spacing). */
function peekMetric(line: string): string | null {
  if (line.includes('"kind":"run"')) return null;
  const at = line.indexOf(METRIC_KEY);
  if (at < 0) return null;
  const start = at + METRIC_KEY.length;
  const end = line.indexOf('"', start);
  if (end < 0) return null;
  const name = line.slice(start, end);
  return name.includes('\\') ? null : name;
}

export function scanRunFile(text: string, file: string, wanted: (metric: string) => boolean): { run: RunRecord; measurements: MeasurementRecord[] } {
  let run: RunRecord | undefined;
  const measurements: MeasurementRecord[] = [];
  let start = 0;
  for (let n = 1; start < text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    const peeked = peekMetric(line);
    if (peeked !== null && !wanted(peeked)) continue;
    const record = parseRecordLine(line, { file, line: n });
    if (record.kind === 'run') {
      if (run !== undefined) throw invalidFile(file, n, 'is a second "run" record; a run file holds exactly one');
      run = record;
    } else if (wanted(record.metric)) {
      measurements.push(record);
    }
  }
  if (run === undefined) throw invalidFile(file, 1, 'is not a "run" record; a run file starts with one');
  return { run, measurements };
}

function invalidFile(file: string, line: number, what: string): PitwallError {
  return new PitwallError('RESULTS_INVALID_LINE', `Cannot read results file "${file}": line ${line} ${what}`, {
    hint: 'Run "pitwall check" to list every invalid line; results files are written only by pitwall, so fix or revert the commit that changed this one',
  });
}
