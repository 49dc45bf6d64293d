// Every test file gets its own XDG homes, so code that reads the default places (the
// sessions a `/sessions` command lists, settings, logs) never sees the user's own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'kk-test-xdg-'));
process.env.XDG_DATA_HOME = join(home, 'data');
process.env.XDG_STATE_HOME = join(home, 'state');
process.env.XDG_CONFIG_HOME = join(home, 'config');
