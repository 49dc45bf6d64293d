// redactSecretText skips its secret-name rules for text with no hint of a secret name
// (key, pass, token …). The skip must change nothing: on generated text full of names,
// assignments, YAML env pairs, Dockerfile ENV lines and credential-looking values, the
// answer is the same as with every rule run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretName, redactSecretText, redactSecretTextUnhinted } from '../../src/secrets/patterns.js';

const WORDS = [
  ...['password', 'passwords', 'passwd', 'pass', 'passphrase', 'pwd', 'secret', 'secrets', 'token', 'tokens'],
  ...['credential', 'credentials', 'creds', 'authorization', 'auth', 'salt', 'pat', 'apikey', 'privatekey'],
  ...['secretkey', 'accesskey', 'clientsecret', 'accesstoken', 'refreshtoken', 'authtoken', 'idtoken', 'key'],
  ...['keys', 'private', 'client', 'data', 'certificate', 'client-key-data', 'client-certificate-data'],
  ...['name', 'ref', 'url', 'file', 'path', 'id', 'db', 'api', 'aws', 'access', 'stripe', 'topology', 'cache'],
  ...['public', 'user', 'tls', 'session', 'monkey', 'keycloak', 'pattern', 'spatial', 'image', 'port', 'x'],
  ...['ſecret', 'Kelvin\u212Aey', 'ıd', 'İd', 'ﬃ'],
];
const casing = (w: string) =>
  fc.constantFrom(
    w,
    w.toUpperCase(),
    w[0].toUpperCase() + w.slice(1),
    w.replace(/[aeiou]/g, (c) => c.toUpperCase()),
  );
const word = fc.constantFrom(...WORDS).chain(casing);
const name = fc
  .array(fc.tuple(word, fc.constantFrom('_', '-', '.', '/', '', '')), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([w, sep], i) => (i === 0 ? w : sep + w)).join(''));
const value = fc.oneof(
  fc.constantFrom(
    'hunter2abc',
    's3cr3t-Value_9',
    '"quoted value 42"',
    "'single-quoted-7'",
    '${DB_PASSWORD}',
    '$(DB_PASSWORD)',
    '${{ secrets.X }}',
    'true',
    '<from Secret db>',
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'sk-proj-abcdefghijklmnopqrstuvwx',
    'eyJhbGciOiJIUzI1.eyJzdWIiOiIx.sig-part',
    'AKIAABCDEFGHIJKLMNOP',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'postgres://app:p4ssw0rd@db:5432/app',
    'Bearer abc123def456ghi789',
    '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----',
    '{"a":1}',
    '[1,2]',
  ),
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 6, maxLength: 24 }),
);
const sep = fc.constantFrom('=', ': ', ':', ' = ', '": "', "='", '\t=\t', ' ', '\n');
const assignment = fc
  .tuple(name, sep, value, fc.constantFrom('', '\n', ',', ';', '}', ']', ' ', '"'))
  .map((p) => p.join(''));
const envPair = fc.tuple(name, value).map(([n, v]) => `- name: ${n}\n  value: ${v}`);
const dockerEnv = fc.tuple(fc.constantFrom('ENV', 'ARG', 'env'), name, value).map(([k, n, v]) => `${k} ${n} ${v}`);
const piece = fc.oneof(assignment, envPair, dockerEnv, name, value, fc.constantFrom('\n', '  ', 'image: nginx:1.27'));
const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));

describe('the secret-name hint', () => {
  it('changes nothing redactSecretText returns', () => {
    let redactedByName = 0;
    fc.assert(
      fc.property(text, (s) => {
        const full = redactSecretTextUnhinted(s);
        expect(redactSecretText(s)).toBe(full);
        if (full !== s && full.includes('[REDACTED]') && !s.includes('-----BEGIN')) redactedByName++;
      }),
      { numRuns: 5000 },
    );
    // The generator reaches the rules the hint guards, not only text without names.
    expect(redactedByName).toBeGreaterThan(500);
  });

  it('is found in every secret name', () => {
    fc.assert(
      fc.property(name, (n) => {
        const line = `${n}=opaque-value-123`;
        expect(redactSecretText(line)).toBe(redactSecretTextUnhinted(line));
        // Names the assignment rule can see whole (ASCII, no slash) are redacted when secret.
        if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(n) && isSecretName(n))
          expect(redactSecretText(line)).toBe(`${n}=[REDACTED]`);
      }),
      { numRuns: 5000 },
    );
  });
});
