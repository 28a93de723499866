/**
 * A file on the results branch (or in the notes folder) that the dashboard
 * cannot use as it is. The build goes on without it (or without the part that
 * is wrong), prints the problem and shows it on the site; `pitwall check`
 * reports the same problems, found by the same code.
 */
export interface InputProblem {
  /** Path of the file, e.g. "notes/validator.mdx" or "triage/parse.yaml". */
  file: string;
  /** 1-based; 1 when the problem is about the whole file. */
  line: number;
  column?: number;
  /** What is wrong, quoting the value. */
  message: string;
  /** What to write instead. */
  hint: string;
  /** What the build does about it: leaves the file out, or shows it without the part that is wrong. */
  effect: 'skipped' | 'shown-in-part';
}

/** `notes/x.mdx:3:8: message; hint`. */
export function formatInputProblem(problem: InputProblem): string {
  const where = `${problem.file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${where}: ${problem.message}; ${problem.hint}`;
}
