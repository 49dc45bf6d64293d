// Property-based fuzzing of the AppDeployment loader through the path `deploy` takes
// (loadDeployInputs: read, parse, validate, path rules, Dockerfile), 10,000 generated
// configs: mutations of valid ones (random keys, types, huge numbers, unicode, control
// characters), anchors and aliases, deep nesting and damaged text. Every outcome is
// exit 0 or 2 with the file named, no stack trace, nothing written; a config that
// loads also plans without throwing (the plan's app context is what every tool gets).
import { closeSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputOutcome, loadDeployInputs, type DeployInputs } from '../../src/cli/deploy-inputs.js';
import { buildPlan } from '../../src/plan/plan.js';
import { configText } from './fuzz-config-gen.js';
import { expectClean, FUZZ_RUNS, overwrite } from './fuzz-support.js';

describe('fuzz: the AppDeployment loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kk-fuzz-config-'));
  writeFileSync(
    join(dir, 'Dockerfile'),
    'FROM node:22.11-alpine\nWORKDIR /app\nCOPY package.json ./\nUSER 1000\nEXPOSE 3000\nCMD ["node", "index.js"]\n',
  );
  writeFileSync(join(dir, 'package.json'), '{"dependencies":{"express":"^4"}}');
  const file = join(dir, 'app.yaml');
  const fd = openSync(file, 'w+');
  const before = readdirSync(dir).sort();

  it(`refuses or accepts ${FUZZ_RUNS} generated configs cleanly`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(configText, async (text) => {
        overwrite(fd, text);
        let loaded: DeployInputs | undefined;
        const o = await inputOutcome(async () => {
          loaded = await loadDeployInputs(file);
        });
        expectClean(o, [file], dir, before);
        if (o.code === 0) {
          accepted++;
          // What loads must plan: a throw here would be exit 1 with an internal message.
          expect(() => buildPlan({ config: loaded!.config, facts: loaded!.facts })).not.toThrow();
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    // The generators reach both sides of the loader.
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 50);
    closeSync(fd);
  }, 120_000);
});
