#!/usr/bin/env node
// Entry point: turn on Node's compile cache before anything else is parsed, so later
// runs skip compiling the program and its dependencies again.
import module from 'node:module';

module.enableCompileCache?.();
await import('./main.js');
