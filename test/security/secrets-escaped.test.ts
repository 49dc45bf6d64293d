// Credentials inside escaped strings and command-line flags: JSON inside JSON (kubectl's
// last-applied-configuration of a Secret, a tool's result that quotes a command), YAML's
// double-quoted scalars, `--password=…` and `--password …`. Each was once left (or half
// left) in the text.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/sessions/redact.js';

const text = (s: string) => new Redactor().text(s);
const SECRET = 'Xk9s3cr3tValue';

describe('credentials in escaped strings and flags', () => {
  it.each([
    ['JSON in JSON', `{\\"DB_PASSWORD\\":\\"${SECRET}\\"}`],
    ['an escaped assignment', `{"cmd":"export DB_PASSWORD=\\"${SECRET}\\""}`],
    ['a YAML double-quoted scalar', `args: "--password=\\"${SECRET}\\" --user=a"`],
    ['an escaped YAML pair', `token: \\"${SECRET}\\"`],
    ['a long flag', `mysql --password=${SECRET} -u app`],
    ['a short flag', `tool -token=${SECRET}`],
    ['a flag and its value after a space', `docker login -u me --password ${SECRET} registry.example.com`],
    ['a flag and a quoted value after a space', `mysql --password "${SECRET} 2" -u app`],
  ])('%s loses the value, quotes kept', (_what, s) => {
    const out = text(s);
    expect(out).not.toContain(SECRET);
    expect(out).toContain('[REDACTED]');
    // Nothing is left half-quoted: what the value was quoted with, the placeholder is.
    if (s.includes(`\\"${SECRET}\\"`)) expect(out).toContain('\\"[REDACTED]\\"');
  });

  it("a Secret in kubectl's last-applied-configuration annotation (JSON inside JSON)", () => {
    const live = JSON.stringify({
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            apiVersion: 'v1',
            kind: 'Secret',
            data: { password: 'czNjcjN0dmFsdWUxMjM=' },
          }),
        },
      },
    });
    expect(text(live)).not.toContain('czNjcjN0dmFsdWUxMjM=');
  });

  it('leaves references, flags without values and prose alone', () => {
    for (const s of [
      `--from-literal=password=\\"$(openssl rand -hex 24)\\" --dry-run=client`,
      `echo \\"orders-db-credentials already has a password: left as it is\\"`,
      'docker login --password-stdin registry.example.com',
      "set --password to the vault's value, --token-file /var/run/secrets/token",
      'psql --password ${DB_PASSWORD} --host db',
      'my-password-field=true',
      `{\\"passwordKey\\":\\"password\\"}`,
    ])
      expect(text(s)).toBe(s);
  });
});
