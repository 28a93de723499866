/**
 * Limits on what a run may hold, shared by the runner (which refuses a run
 * over them as invalid output, before anything is written) and the readers
 * (which skip a results file over them, written by another tool, with a
 * warning). They keep every file below what git hosts accept (GitHub warns
 * at 50 MiB and refuses 100 MiB) and every build within memory.
 * Documented in results/README.md.
 */

/** Measurements of one suite run. */
export const MAX_MEASUREMENTS_PER_RUN = 100_000;
/** A metric name, in UTF-8 bytes. */
export const MAX_METRIC_NAME_BYTES = 1024;
/** A unit, in UTF-8 bytes. */
export const MAX_UNIT_BYTES = 64;
/** A results file (`.jsonl`): the run record and its measurements. */
export const MAX_RESULTS_FILE_BYTES = 48 * 1024 * 1024;
/** A run's log file (`.log`); the rest of the output is left out, with a line saying so. */
export const MAX_LOG_FILE_BYTES = 16 * 1024 * 1024;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 controls (tab and newline included), DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What is wrong with a metric name or unit, or null when it is fine: empty,
 * longer than the limit, not valid UTF-8 (a lone surrogate, or U+FFFD, which is
 * what invalid UTF-8 bytes turn into when decoded), or holding a control character.
 */
export function checkName(text: string, maxBytes: number): string | null {
  if (text.trim() === '') return 'is empty';
  const bytes = utf8Length(text);
  if (bytes > maxBytes) return `is ${bytes.toLocaleString('en-US')} bytes long, over the limit of ${maxBytes.toLocaleString('en-US')}`;
  if (LONE_SURROGATE.test(text) || text.includes('\uFFFD')) return 'is not valid UTF-8 (it holds invalid bytes, shown as U+FFFD)';
  const control = CONTROL.exec(text);
  if (control !== null) return `holds the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${control.index + 1}`;
  return null;
}

export function checkMetricName(name: string): string | null {
  return checkName(name, MAX_METRIC_NAME_BYTES);
}

export function checkUnit(unit: string): string | null {
  return checkName(unit, MAX_UNIT_BYTES);
}

/** Bytes of the text in UTF-8, without encoding it (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** 48 MiB, 100,000: sizes as the docs write them. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MiB` : bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} KiB` : `${bytes} bytes`;
}
