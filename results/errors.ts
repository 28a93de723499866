/**
 * The one error type pitwall throws on purpose. `code` is permanent: tests and
 * tools match on it, so never rename one. `message` says what failed, quoting
 * the value; `hint` says what to do about it.
 */
export class PitwallError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PitwallError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** Raised for bad input from the user: argv, config, bench output. The CLI exits with 2. */
export class UsageError extends PitwallError {
  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'UsageError';
  }
}

export function isPitwallError(error: unknown): error is PitwallError {
  return error instanceof PitwallError;
}
