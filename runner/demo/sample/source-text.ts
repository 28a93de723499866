/**
 * A template tag for sample files: backslashes stay as written (regular
 * expressions in the sample code need them) and the newline after the opening
 * backtick is dropped, so a file's text can start on its own line.
 */
export function source(strings: TemplateStringsArray, ...values: readonly string[]): string {
  const text = String.raw({ raw: strings.raw }, ...values);
  return text.startsWith('\n') ? text.slice(1) : text;
}
