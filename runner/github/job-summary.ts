/**
 * The job summary of a GitHub Actions run: markdown appended to the file that
 * `$GITHUB_STEP_SUMMARY` names, shown on the run's page. It takes up to 1 MiB
 * per step, so the whole report goes there even when the comment is cut.
 */
import { appendFile } from 'node:fs/promises';
import { PitwallError } from '../../results/errors.ts';

export function summaryFileFrom(env: Readonly<Record<string, string | undefined>>): string | null {
  return env['GITHUB_STEP_SUMMARY'] || null;
}

export async function appendJobSummary(file: string, markdown: string): Promise<void> {
  try {
    await appendFile(file, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`);
  } catch (cause) {
    throw new PitwallError('JOB_SUMMARY_UNWRITABLE', `Cannot append the job summary to "${file}": ${(cause as Error).message}`, {
      hint: 'GITHUB_STEP_SUMMARY must name a writable file; outside GitHub Actions drop --summary',
      cause,
    });
  }
}
