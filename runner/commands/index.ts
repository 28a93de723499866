/** Every subcommand, by name. Adding one is one file plus one line here. */
import type { Command } from './command.ts';

export const commands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.ts')).command,
  push: async () => (await import('./push.ts')).command,
  log: async () => (await import('./log.ts')).command,
  check: async () => (await import('./check.ts')).command,
  build: async () => (await import('./build.ts')).command,
  serve: async () => (await import('./serve.ts')).command,
  demo: async () => (await import('./demo.ts')).command,
  detect: async () => (await import('./detect.ts')).command,
};
