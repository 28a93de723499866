/**
 * Every subcommand, by name, with its one-line summary (so `pitwall --help`
 * loads no command code). Adding one is one file plus one entry here.
 */
import type { Command } from './command.ts';

export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  run: { summary: 'Run the suites on a commit and commit the results', load: async () => (await import('./run.ts')).command },
  queue: { summary: 'List the commits of main that have no successful run on this machine', load: async () => (await import('./queue.ts')).command },
  backfill: { summary: 'Measure the queued commits of main in one process, resumable', load: async () => (await import('./backfill.ts')).command },
  bisect: { summary: 'Pin a change that spans unmeasured commits to its culprit', load: async () => (await import('./bisect.ts')).command },
  notify: { summary: 'Post each new confirmed regression once to webhooks, Slack or GitHub issues', load: async () => (await import('./notify.ts')).command },
  push: { summary: 'Push results that a run could not deliver', load: async () => (await import('./push.ts')).command },
  fetch: { summary: 'Bring the results branch up to date with the remote, pushing nothing', load: async () => (await import('./fetch.ts')).command },
  log: { summary: 'List the runs on the results branch', load: async () => (await import('./log.ts')).command },
  check: { summary: 'Validate pitwall.yaml and every results file', load: async () => (await import('./check.ts')).command },
  convert: { summary: 'Print what pitwall reads from a harness output, as JSON Lines', load: async () => (await import('./convert.ts')).command },
  detect: { summary: 'Find change points in a series from a CSV or JSON file', load: async () => (await import('./detect.ts')).command },
  authorize: { summary: 'Decide whether an event may benchmark a pull request, and which commit', load: async () => (await import('./authorize.ts')).command },
  artifact: { summary: 'Save runs for a later job, or load and check runs a benchmark job saved', load: async () => (await import('./artifact.ts')).command },
  compare: { summary: 'Compare two commits and report regressions (terminal, markdown, JSON, GitHub)', load: async () => (await import('./compare.ts')).command },
  triage: { summary: 'Acknowledge a change, declare an expected shift or exclude a run', load: async () => (await import('./triage.ts')).command },
  import: { summary: 'Import a benchmark history from github-action-benchmark or airspeed velocity', load: async () => (await import('./import.ts')).command },
  export: { summary: 'Export measurements from the results branch as CSV or JSON Lines', load: async () => (await import('./export.ts')).command },
  build: { summary: 'Build the static dashboard from the results branch', load: async () => (await import('./build.ts')).command },
  serve: { summary: 'Serve a built dashboard on localhost', load: async () => (await import('./serve.ts')).command },
  demo: { summary: "Benchmark a sample project's history and build its dashboard", load: async () => (await import('./demo.ts')).command },
};
