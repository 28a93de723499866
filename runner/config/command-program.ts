/**
 * The program a suite's shell command starts, for the set-up check "is it on
 * the PATH?". Reads just enough of the shell's grammar to find the first word
 * that names a program: leading `cd …`, variable assignments and wrappers such
 * as `exec`, `env` or `time` are passed over. Anything the shell would expand
 * (`$TOOL`, `$(…)`, globs) or that the command may build itself (a relative
 * path such as `./target/release/tool`) gives null: not checked, never a false
 * alarm.
 */

/** Builtins and keywords of POSIX sh: never looked up on the PATH. */
const BUILTINS = new Set([
  '.', ':', '[', 'alias', 'bg', 'break', 'cd', 'continue', 'echo', 'eval', 'exit', 'export', 'false', 'fg', 'getopts',
  'hash', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'test', 'times', 'trap',
  'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait', 'if', 'then', 'else', 'elif', 'fi', 'case', 'esac',
  'for', 'while', 'until', 'do', 'done', '{', '}', '(', ')', '!', 'function', 'source',
]);

/** Commands that only set up the shell: the program comes in a later command. */
const SET_UP = new Set(['cd', 'export', 'set', 'unset', ':', 'true', 'umask', 'ulimit', 'source', '.']);

/** Prefixes that run the word after them (after their options). */
const WRAPPERS = new Set(['exec', 'command', 'time', 'nohup', 'env', 'builtin']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const EXPANDS = /[$`*?[\]{}~]/;

interface Word {
  text: string;
  /** Whether any part was quoted: `"$2"` is still an expansion, `'a b'` is a literal. */
  expands: boolean;
}

/** Splits into simple commands (at `;`, `&&`, `||`, `|`, `&`, newlines) of words; stops at what it does not read. */
function splitCommands(command: string): Word[][] {
  const commands: Word[][] = [[]];
  let word: Word | null = null;
  const end = () => {
    if (word !== null) commands.at(-1)?.push(word);
    word = null;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (c === ' ' || c === '\t') {
      end();
    } else if (c === ';' || c === '&' || c === '|' || c === '\n' || c === '(' || c === ')') {
      end();
      commands.push([]);
      if ((c === '&' || c === '|') && command[i + 1] === c) i++;
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close === -1) break;
      word ??= { text: '', expands: false };
      word.text += command.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let close = i + 1;
      while (close < command.length && command[close] !== '"') close += command[close] === '\\' ? 2 : 1;
      if (close >= command.length) break;
      word ??= { text: '', expands: false };
      const inner = command.slice(i + 1, close);
      if (/[$`]/.test(inner)) word.expands = true;
      word.text += inner.replace(/\\(.)/g, '$1');
      i = close;
    } else if (c === '\\') {
      word ??= { text: '', expands: false };
      word.text += command[i + 1] ?? '';
      i++;
    } else if (c === '#' && word === null) {
      break;
    } else if (c === '<' || c === '>') {
      // A redirection: its target is not a program, nor is a file descriptor number before it ("2>").
      if (word !== null && /^\d+$/.test((word as Word).text)) word = null;
      end();
      while (command[i + 1] === '>' || command[i + 1] === '&') i++;
      let j = i + 1;
      while (command[j] === ' ') j++;
      while (j < command.length && !' \t;&|\n'.includes(command[j] as string)) j++;
      i = j - 1;
    } else {
      word ??= { text: '', expands: false };
      if (EXPANDS.test(c)) word.expands = true;
      word.text += c;
    }
  }
  end();
  return commands.filter((c) => c.length > 0);
}

/** The program of the first command that runs one, or null when there is none to check. */
export function findCommandProgram(command: string): string | null {
  for (const words of splitCommands(command)) {
    let i = 0;
    while (i < words.length && ASSIGNMENT.test((words[i] as Word).text)) i++;
    while (i < words.length && WRAPPERS.has((words[i] as Word).text)) {
      i++;
      while (i < words.length && ((words[i] as Word).text.startsWith('-') || ASSIGNMENT.test((words[i] as Word).text))) i++;
    }
    const first = words[i];
    if (first === undefined) continue;
    if (SET_UP.has(first.text)) continue;
    if (first.expands || first.text === '') return null;
    if (BUILTINS.has(first.text)) return null;
    if (first.text.includes('/') && !first.text.startsWith('/')) return null;
    return first.text;
  }
  return null;
}
