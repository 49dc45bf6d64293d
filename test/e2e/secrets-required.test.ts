// Secrets the user supplies are referenced, never generated: a Secret object in the tree,
// even an empty one, would overwrite the real key on every apply.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FIXTURES, generate } from '../helpers/generate.js';
import { REPO } from '../helpers/cli.js';

const secretsOf = (fixture: string): string[] =>
  (parse(readFileSync(join(REPO, 'fixtures', fixture, 'app-config.yaml'), 'utf8')).spec.secretsRequired ??
    []) as string[];

describe('secretsRequired', () => {
  it('some fixture names secrets, so the check below checks something', () => {
    expect(FIXTURES.flatMap(secretsOf).length).toBeGreaterThan(0);
  });

  it.each(FIXTURES)(
    '%s: no named Secret is generated; each is referenced and the plan says how to create it',
    async (fixture) => {
      const names = secretsOf(fixture);
      const g = await generate(fixture);
      const generated = g.objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name);
      for (const name of names) {
        expect(generated, `Secret ${name} must not be generated`).not.toContain(name);
        expect(g.text).toMatch(new RegExp(`(secretRef|secretKeyRef):\\s*\\n?\\s*name: ${name}\\b`));
        expect(g.plan.warnings.join('\n')).toContain(`create secret generic ${name} --from-literal=`);
      }
    },
  );
});
