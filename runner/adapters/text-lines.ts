/** Console outputs as the terminal showed them, line by line. */

const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Splits on `\n` (so line numbers match an editor's), drops a CRLF's `\r`, keeps
 * what follows the last bare `\r` (a progress line rewritten in place shows only
 * its final state) and removes colour escapes.
 */
export function splitLines(text: string): string[] {
  return text.split('\n').map((raw) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const cr = line.lastIndexOf('\r');
    if (cr !== -1) line = line.slice(cr + 1);
    return line.includes('\u001b') ? line.replace(ANSI_ESCAPE, '') : line;
  });
}

/** `1,431,759` -> `1431759`: harnesses group digits for people. */
export function stripDigitGroups(number: string): string {
  return number.replaceAll(',', '');
}

/** 1-based line and column of a 0-based offset. */
export function locateOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
