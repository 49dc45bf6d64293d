// Property-based fuzzing of the Dockerfile analyser through the path `deploy` takes
// (loadDeployInputs: the config, then the Dockerfile and the manifests it copies from
// the build context), 10,000 generated Dockerfiles built from random instructions and
// flags with odd values. Every outcome is exit 0 or 2 naming a file, no stack trace,
// nothing written; facts that come out satisfy the schema the analysis tool declares
// (so no "Output validation error" later) and plan without throwing; the linter behind
// `validate-dockerfile` never throws on the same text.
import { closeSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputOutcome, loadDeployInputs, type DeployInputs } from '../../src/cli/deploy-inputs.js';
import { dockerfileFactsSchema } from '../../src/dockerfile/facts.js';
import { lintDockerfile } from '../../src/dockerfile/lint.js';
import { buildPlan } from '../../src/plan/plan.js';
import { dockerfileText } from './fuzz-dockerfile-gen.js';
import { expectClean, FUZZ_RUNS, overwrite } from './fuzz-support.js';

describe('fuzz: the Dockerfile analyser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kk-fuzz-dockerfile-'));
  writeFileSync(
    join(dir, 'app.yaml'),
    'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  dockerfile: ./Dockerfile\n',
  );
  writeFileSync(join(dir, 'package.json'), '{"dependencies":{"express":"^4","pg":"^8","kafkajs":"^2"}}');
  writeFileSync(join(dir, 'requirements.txt'), 'fastapi\nredis\ntorch\n');
  writeFileSync(join(dir, 'go.mod'), 'module x\nrequire github.com/gin-gonic/gin v1\n');
  const dockerfile = join(dir, 'Dockerfile');
  const fd = openSync(dockerfile, 'w+');
  const before = readdirSync(dir).sort();

  it(`analyses or refuses ${FUZZ_RUNS} generated Dockerfiles cleanly`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(dockerfileText, async (text) => {
        overwrite(fd, text);
        let loaded: DeployInputs | undefined;
        const o = await inputOutcome(async () => {
          loaded = await loadDeployInputs(join(dir, 'app.yaml'));
        });
        expectClean(o, ['Dockerfile', 'package.json', 'requirements.txt', 'go.mod'], dir, before);
        if (o.code === 0) {
          accepted++;
          const facts = dockerfileFactsSchema.safeParse(loaded!.facts);
          expect(facts.success, facts.success ? '' : facts.error.message).toBe(true);
          expect(() => buildPlan({ config: loaded!.config, facts: loaded!.facts })).not.toThrow();
        }
        expect(() => lintDockerfile(text, 'Dockerfile')).not.toThrow();
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 10);
    closeSync(fd);
  }, 120_000);
});
