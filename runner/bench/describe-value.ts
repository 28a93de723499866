/**
 * Wording for bench-output problems: how to show a wrong JSON value, and what to
 * write instead of it. Kept apart so the contract parser reads as the rules only.
 */

const NUMBER_WITH_UNIT = /^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*(\S.*?)?\s*$/i;

/** `"12ms" (a string)`, `true (a boolean)`, `null`, `[1, 2] (an array)`. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  const shown = typeof value === 'number' && !Number.isFinite(value) ? String(value) : truncate(JSON.stringify(value) ?? String(value));
  if (typeof value === 'number') return shown;
  if (Array.isArray(value)) return `${shown} (an array)`;
  if (typeof value === 'object') return `${shown} (an object)`;
  return `${shown} (a ${typeof value})`;
}

/** What to write instead of a value that should have been a finite number. */
export function suggestNumber(value: unknown): string {
  if (typeof value === 'string') {
    const match = NUMBER_WITH_UNIT.exec(value);
    if (match !== null) {
      const number = Number(match[1]);
      const unit = match[2];
      if (unit === undefined) return `write the number without quotes: ${number}`;
      return `write a number such as ${number} and put the unit in "unit": ${JSON.stringify(unit)}`;
    }
    if (/^\s*-?(nan|inf(inity)?)\s*$/i.test(value)) return 'report finite numbers only, or leave the metric out';
  }
  if (typeof value === 'number') return 'it is beyond the range of a finite number; check the measurement or change its unit';
  if (value === null) return 'write a finite number such as 12.5 (JSON.stringify writes NaN and Infinity as null: check the measurement)';
  if (Array.isArray(value)) return 'write one number such as 12.5, or put several values in "samples"';
  return 'write a finite number such as 12.5';
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
