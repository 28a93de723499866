/**
 * Finds where a JSON text stops being JSON. JSON.parse only sometimes says
 * where (V8 often quotes a snippet instead), and a user fixing a truncated
 * export needs a line and column.
 */

export interface JsonSyntaxProblem {
  /** 0-based offset in the text. */
  offset: number;
  expected: string;
}

class Stop {
  readonly problem: JsonSyntaxProblem;
  constructor(problem: JsonSyntaxProblem) {
    this.problem = problem;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

/** Returns the first syntax problem of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let at = 0;
  const stop = (expected: string): never => {
    throw new Stop({ offset: at, expected });
  };
  const skipSpace = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at] as string)) at++;
  };
  const string = (): void => {
    if (text[at] !== '"') stop('a string in double quotes');
    at++;
    STRING_BODY.lastIndex = at;
    STRING_BODY.exec(text);
    at = STRING_BODY.lastIndex;
    if (text[at] !== '"') stop(at >= text.length ? 'the end of the string' : 'a valid string character or escape');
    at++;
  };
  const value = (): void => {
    skipSpace();
    const c = text[at];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    // NaN and Infinity are not JSON, but the reader accepts them as null (see json-input.ts).
    for (const word of ['true', 'false', 'null', 'NaN', 'Infinity', '-Infinity']) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return;
      }
    }
    NUMBER.lastIndex = at;
    if (NUMBER.exec(text) !== null) {
      at = NUMBER.lastIndex;
      return;
    }
    stop('a JSON value');
  };
  const object = (): void => {
    at++;
    skipSpace();
    if (text[at] === '}') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      string();
      skipSpace();
      if (text[at] !== ':') stop('":" after a property name');
      at++;
      value();
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') {
        at++;
        return;
      }
      stop('"," or "}" after a property value');
    }
  };
  const array = (): void => {
    at++;
    skipSpace();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') {
        at++;
        return;
      }
      stop('"," or "]" after an array element');
    }
  };
  try {
    value();
    skipSpace();
    if (at < text.length) stop('the end of the JSON text');
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    throw error;
  }
}
