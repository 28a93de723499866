#!/usr/bin/env node
// Entry point of the installed package. pitwall ships as TypeScript; Node does not
// strip types inside node_modules, so tsx loads the sources.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../runner/cli.ts');
process.exitCode = await main(process.argv.slice(2));
