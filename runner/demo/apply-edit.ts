/**
 * Versions of a sample file are written as small, explicit edits of the version
 * before, like a diff. An edit whose anchor text is missing or ambiguous throws,
 * so a change to an earlier version cannot silently turn a later edit into a no-op.
 */
import { PitwallError } from '../../results/errors.ts';

/** Replace the one occurrence of `from` with `to`. */
export interface Edit {
  from: string;
  to: string;
}

/**
 * Applies the edits in order. `label` names the file version in the error.
 * Throws PitwallError DEMO_SAMPLE_EDIT_FAILED when an anchor occurs zero or several times.
 */
export function applyEdits(source: string, edits: readonly Edit[], label: string): string {
  let result = source;
  for (const [i, edit] of edits.entries()) {
    const at = result.indexOf(edit.from);
    const again = at < 0 ? -1 : result.indexOf(edit.from, at + 1);
    if (at < 0 || again >= 0) {
      const problem = at < 0 ? 'is not in the source' : 'occurs more than once';
      throw new PitwallError('DEMO_SAMPLE_EDIT_FAILED', `Cannot build "${label}": the text of edit ${i + 1} ${problem}: ${JSON.stringify(firstLine(edit.from))}`, {
        hint: 'An earlier version of this sample file changed; update the edit so that its "from" text matches exactly once',
      });
    }
    result = result.slice(0, at) + edit.to + result.slice(at + edit.from.length);
  }
  return result;
}

/** Shorthand for a one-edit version. */
export function applyEdit(source: string, from: string, to: string, label: string): string {
  return applyEdits(source, [{ from, to }], label);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 70 ? `${line.slice(0, 67)}...` : line;
}
