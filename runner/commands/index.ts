/** Every subcommand, by name. Adding one is one file plus one line here. */
import type { Command } from './command.ts';

export const commands: Record<string, () => Promise<Command>> = {
};

export type CommandName = keyof typeof commands;
