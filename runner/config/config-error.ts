/**
 * Every problem found in a config file, reported at once: a ConfigError lists
 * them in its message, one `file:line:column: path: what` line each, and keeps
 * them structured in `problems` for tests and `--json` output.
 */
import { UsageError } from '../../results/errors.ts';

/** A place in the parsed value: keys and list indexes from the root. */
export type ValuePath = readonly (string | number)[];

/** A problem before it has a position: `at: 'key'` points at the key itself rather than its value. */
export interface PathIssue {
  path: ValuePath;
  message: string;
  at: 'value' | 'key';
}

export interface ConfigProblem {
  /** The config file as the user named it, relative to the working directory when inside it. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the config, as written in messages: `suites[0].repeat`; "" for the whole file. */
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["suites", 0, "env", "A-B"] -> suites[0].env["A-B"] */
export function formatValuePath(path: ValuePath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (IDENTIFIER.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

export class ConfigError extends UsageError {
  readonly problems: readonly ConfigProblem[];

  /**
   * `code` is CONFIG_INVALID for values, CONFIG_SYNTAX for YAML that does not parse, SUITE_SETUP_INVALID for a
   * valid file whose suites cannot start (a missing script, a program not on the PATH).
   */
  constructor(code: 'CONFIG_INVALID' | 'CONFIG_SYNTAX' | 'SUITE_SETUP_INVALID', file: string, problems: readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const what = code === 'CONFIG_SYNTAX' ? `Cannot parse "${file}" as YAML` : code === 'SUITE_SETUP_INVALID' ? `Suites in "${file}" cannot start` : `Invalid config "${file}"`;
    super(code, `${what}: ${count}\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`, {
      hint:
        code === 'CONFIG_SYNTAX'
          ? 'Fix the YAML at the positions shown; indentation and a missing space after ":" are the usual causes'
          : code === 'SUITE_SETUP_INVALID'
            ? 'Fix each line above; nothing was run or committed. "pitwall check" lists these problems without running anything'
            : 'Fix each line above; pitwall.schema.json gives editors completion and these checks as you type',
      cause: options.cause,
    });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
