// The list of commands, in the order `--help` shows them. Each file registers one.
import type { Command } from 'commander';
import { register as init } from './init.js';
import { register as deploy } from './deploy.js';
import { register as validate } from './validate.js';
import { register as validateDockerfile } from './validate-dockerfile.js';
import { register as check } from './check.js';
import { register as schema } from './schema.js';
import { register as sessions } from './sessions.js';
import { register as chat } from './chat.js';
import { register as mcp } from './mcp.js';
import { register as completion } from './completion.js';

export const COMMANDS: ((program: Command) => void)[] = [
  init,
  deploy,
  chat,
  validate,
  validateDockerfile,
  check,
  schema,
  sessions,
  mcp,
  completion,
];
