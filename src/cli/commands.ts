// The list of commands, in the order `--help` shows them. Each file registers one.
import type { Command } from 'commander';
import { register as deploy } from './deploy.js';
import { register as validate } from './validate.js';
import { register as validateDockerfile } from './validate-dockerfile.js';
import { register as schema } from './schema.js';

export const COMMANDS: ((program: Command) => void)[] = [deploy, validate, validateDockerfile, schema];
