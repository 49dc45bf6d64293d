// AppDeployment values that used to load (and fail later with an internal message,
// or produce objects the API server refuses) are FILE:LINE:COL errors at load time:
// alias bombs, replica counts beyond int32, label and annotation syntax, hosts with
// newlines, deep nesting.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/app-config/loader.js';
import { runCli } from '../helpers/cli.js';

const head =
  'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  image: ghcr.io/x/web:1.0\n';
const issues = (text: string) => {
  const r = parseAppConfig(text, 'app.yaml');
  return 'issues' in r ? r.issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`) : [];
};
const loads = (text: string) => expect(issues(text)).toEqual([]);

const BOMB = `${head}  requirements: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
x1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
x3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
x4: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
x5: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
x6: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

describe('alias bombs and deep nesting', () => {
  it('a billion-laughs config is an error at the first alias, not an internal failure', () => {
    expect(issues(BOMB)).toEqual([
      'app.yaml:8:9: invalid YAML: aliases expand to too much data (more than 100 expansions); write the values out or use fewer aliases',
    ]);
  });
  it('a few aliases still work', () => {
    loads(`${head}  ports: &p []\n  secretsRequired: *p\n`);
  });
  it('nesting thousands deep is a syntax error, reported a bounded number of times', () => {
    const deep = issues(`${head}  requirements: ${'['.repeat(20_000)}\n`);
    expect(deep.length).toBeGreaterThan(0);
    expect(deep.length).toBeLessThanOrEqual(20);
    expect(deep[0]).toMatch(/^app\.yaml:7:\d+: invalid YAML: /);
  });
  it('thousands of problems are cut to a readable number', () => {
    const many = `${head}${Array.from({ length: 500 }, (_, i) => `  bogus${i}: 1`).join('\n')}\n`;
    expect(issues(many).length).toBeLessThanOrEqual(50);
  });
  it('the CLI exits 2 with FILE:LINE:COL for the bomb (spawned)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-input-bomb-'));
    writeFileSync(join(dir, 'bomb.yaml'), BOMB);
    const r = await runCli(['validate', join(dir, 'bomb.yaml')], { timeoutMs: 15_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb\.yaml:8:9: invalid YAML: aliases expand to too much data/);
  });
});

describe('numbers Kubernetes holds as int32', () => {
  it.each([
    [
      'maxReplicas 2147483648',
      '  scaling:\n    maxReplicas: 2147483648\n',
      'app.yaml:8:18: spec.scaling.maxReplicas: must be at most 10000',
    ],
    [
      'maxReplicas 10001',
      '  scaling:\n    maxReplicas: 10001\n',
      'app.yaml:8:18: spec.scaling.maxReplicas: must be at most 10000',
    ],
    [
      'minReplicas 1e12',
      '  scaling:\n    minReplicas: 1000000000000\n',
      'app.yaml:8:18: spec.scaling.minReplicas: must be at most 10000',
    ],
  ])('%s', (_what, body, expected) => {
    expect(issues(`${head}${body}`)).toContain(expected);
  });
  it('10000 replicas is still allowed', () => loads(`${head}  scaling:\n    maxReplicas: 10000\n`));
});

describe('labels and annotations follow Kubernetes syntax', () => {
  const labels = (entries: string) =>
    `apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\n  labels:\n${entries}spec:\n  image: x:1\n`;
  it.each([
    [
      'a value with a newline',
      '    team: "a\\nb"\n',
      'app.yaml:6:11: metadata.labels.team: label value "a\\nb" must be at most 63 characters',
    ],
    ['a value of 64 characters', `    team: ${'a'.repeat(64)}\n`, 'metadata.labels.team: label value'],
    ['a value with a space', '    team: "a b"\n', 'metadata.labels.team: label value "a b"'],
    ['a key with a space', '    "my team": a\n', 'metadata.labels.my team: label key "my team"'],
    [
      'a key with an upper-case prefix',
      '    Example.COM/team: a\n',
      'label key "Example.COM/team": the prefix before "/" must be a DNS-1123 subdomain',
    ],
    ['a key name of 64 characters', `    ${'k'.repeat(64)}: a\n`, 'must be at most 63 characters'],
  ])('label: %s', (_what, entries, expected) => {
    expect(issues(labels(entries)).join('\n')).toContain(expected);
  });
  it('valid labels load, including prefixed keys and empty values', () => {
    loads(labels('    app.kubernetes.io/part-of: shop\n    tier: ""\n    Team_1.x: A-b.c\n'));
  });

  const ingress = (body: string) => `${head}  components:\n    ingress:\n${body}`;
  it('an annotation value with an escape sequence or a carriage return is refused; newlines are allowed', () => {
    expect(issues(ingress('      annotations:\n        x: "\\e]0;pwned\\a"\n')).join('\n')).toContain(
      'app.yaml:10:12: spec.components.ingress.annotations.x: annotation value "\\u001b]0;pwned\\u0007" must not contain control characters other than newlines and tabs',
    );
    expect(issues(ingress('      annotations:\n        konghq.com/plugins: "a\\rb"\n')).join('\n')).toContain(
      'must not contain control characters other than newlines and tabs',
    );
    loads(
      ingress(
        '      annotations:\n        nginx.ingress.kubernetes.io/configuration-snippet: |\n          more_set_headers "X-A: 1";\n          more_set_headers "X-B: 2";\n',
      ),
    );
  });
  it('an annotation key that is not a qualified name is refused', () => {
    expect(issues(ingress('      annotations:\n        "bad key!": x\n')).join('\n')).toContain(
      'annotation key "bad key!"',
    );
  });
  it('ordinary annotations load', () =>
    loads(
      ingress(
        '      annotations:\n        konghq.com/strip-path: "true"\n        nginx.ingress.kubernetes.io/proxy-body-size: 8m\n',
      ),
    ));
});

describe('hosts are DNS names', () => {
  const host = (h: string) => issues(`${head}  components:\n    ingress:\n      host: ${h}\n`).join('\n');
  it.each([
    [
      'an embedded newline',
      '"a.example.com\\nb"',
      'app.yaml:9:13: spec.components.ingress.host: "a.example.com\\nb" must not contain spaces, newlines or control characters',
    ],
    ['a space', '"a b.example.com"', 'must not contain spaces'],
    ['upper case', 'Shop.Example.com', 'must be a DNS name'],
    ['a scheme', 'https://shop.example.com', 'must be a DNS name'],
    ['a port', 'shop.example.com:443', 'must be a DNS name'],
    ['an IP address', '10.0.0.1', 'is an IP address'],
    ['a wildcard in the middle', 'a.*.example.com', 'must be a DNS name'],
    ['a label of 64 characters', `${'a'.repeat(64)}.example.com`, 'labels of at most 63 characters'],
  ])('%s', (_what, h, expected) => {
    expect(host(h)).toContain(expected);
  });
  it('ordinary and wildcard hosts load', () => {
    expect(host('shop.example.com')).toBe('');
    expect(host('"*.example.com"')).toBe('');
  });
});

describe('single-line strings that end up in manifests', () => {
  it.each([
    [
      'image',
      `apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  image: "x:1\\nkind: Secret"\n`,
      'app.yaml:6:10: spec.image: must be a single line without control characters',
    ],
    [
      'branch',
      `${head}  components:\n    cicd:\n      branch: "main\\u001b[2J"\n`,
      'spec.components.cicd.branch: must be a single line',
    ],
    [
      'health check path',
      `${head}  ports:\n    - port: 80\n      healthCheck: "/h\\nx"\n`,
      'spec.ports[0].healthCheck: must be a single line',
    ],
  ])('%s', (_what, text, expected) => {
    expect(issues(text).join('\n')).toContain(expected);
  });
});
