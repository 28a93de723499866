#!/usr/bin/env node
/**
 * argv -> command -> exit code. The only place that prints errors and exits.
 * Exit codes: 0 ok, 1 a suite failed or a regression was found, 2 usage or
 * config error, 70 internal error (printed with its stack).
 */
import { commands } from './commands/index.ts';
import { isPitwallError, UsageError } from '../results/errors.ts';
import { VERSION } from './version.ts';
import { listSecrets, redactSecrets } from './redact-secrets.ts';

function mainHelp(): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'pitwall: continuous benchmarking with results kept in a git branch',
    '',
    'Usage: pitwall <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n]?.summary ?? ''}`),
    '',
    'Run "pitwall <command> --help" for the options of a command.',
    'Exit codes: 0 ok, 1 a suite failed or a regression was found, 2 usage or config error, 70 internal error.',
    '',
  ].join('\n');
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const io = { stdout: process.stdout, stderr: process.stderr };
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(mainHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const entry = commands[name];
    if (entry === undefined) {
      throw new UsageError('UNKNOWN_COMMAND', `Unknown command "${name}"`, {
        hint: `Run "pitwall --help" to list the commands: ${Object.keys(commands).join(', ')}`,
      });
    }
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run({ argv: rest, cwd: process.cwd(), env, ...io });
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

function reportError(error: unknown, stderr: NodeJS.WritableStream): number {
  // An error may quote a remote URL or a server's answer: never print credentials.
  const secrets = listSecrets(process.env);
  const write = (text: string) => stderr.write(redactSecrets(text, secrets));
  if (isPitwallError(error)) {
    write(`error: ${error.message}\n`);
    if (error.hint !== undefined) write(`hint: ${error.hint}\n`);
    if (error.cause instanceof Error && !(error instanceof UsageError)) write(`cause: ${error.cause.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  write('internal error: this is a bug in pitwall, please report it with the output below\n');
  write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
