/** argv parsing shared by the commands: node:util parseArgs with pitwall's errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../results/errors.ts';
import { listSecrets, redactSecrets } from './redact-secrets.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(
  command: string,
  argv: string[],
  options: T,
  { positionals = 0 }: { positionals?: number } = {},
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
  } catch (cause) {
    throw new UsageError('USAGE', `pitwall ${command}: ${(cause as Error).message.replace(/\. To specify a positional.*$/s, '')}`, {
      hint: `Run "pitwall ${command} --help" for the options`,
      cause,
    });
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError('USAGE', `pitwall ${command}: unexpected argument "${parsed.positionals[positionals]}"`, {
      hint: `Run "pitwall ${command} --help" for the usage`,
    });
  }
  return parsed;
}

/**
 * Writes one progress line to stderr, prefixed so it stands apart from suite
 * output. Tokens and the credentials of URLs are blanked, whatever printed them.
 */
export function progress(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`pitwall: ${redactSecrets(text, listSecrets(process.env))}\n`);
}
