// kubectl output redaction on its own: structured output keeps its shape and keys,
// output that does not parse still loses Secret data, and harmless fields stay readable.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { redactKubectlOutput, REDACTED } from '../../mcp/kubectl/redact-output.js';

describe('kubectl output redaction', () => {
  it('a pod keeps its spec; an env entry with a credential name loses its value', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  automountServiceAccountToken: false
  containers:
  - name: web
    env:
    - name: DB_PASSWORD
      value: hunter2
    - name: LOG_LEVEL
      value: info
    - name: API_TOKEN
      valueFrom:
        secretKeyRef:
          key: token
          name: api
  volumes:
  - name: creds
    secret:
      secretName: db
`;
    const out = parse(redactKubectlOutput(pod));
    expect(out.spec.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', value: REDACTED },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { key: 'token', name: 'api' } } },
    ]);
    expect(out.spec.automountServiceAccountToken).toBe(false);
    expect(out.spec.volumes[0].secret.secretName).toBe('db');
  });

  it('YAML with nothing to hide comes back byte for byte', () => {
    const cm = 'apiVersion: v1\ndata:\n  mode: fast\nkind: ConfigMap\nmetadata:\n  name: c\n';
    expect(redactKubectlOutput(cm)).toBe(cm);
  });

  it('a Secret list that does not parse (a warning line in the middle) still loses its data', () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  data:
    password: aHVudGVyMg==
    url: cG9zdGdyZXM6Ly91OnBAaC9k
  kind: Secret
  metadata: {name: db
Warning: something odd
`;
    const out = redactKubectlOutput(text);
    expect(out).not.toMatch(/aHVudGVyMg==|cG9zdGdyZXM6Ly91OnBAaC9k/);
    expect(out).toContain('password:');
  });

  it('JSON that does not parse still loses the data of a Secret', () => {
    const text =
      '{\n    "apiVersion": "v1",\n    "data": {\n        "password": "aHVudGVyMg=="\n    },\n    "kind": "Secret",\n    "metadata": {\n';
    expect(redactKubectlOutput(text)).not.toContain('aHVudGVyMg==');
  });

  it('describe output: sizes and references stay, values of credential-named fields go', () => {
    const text =
      "Name:         db\nType:  Opaque\n\nData\n====\npassword:  8 bytes\ntoken:      eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n  DB_PASSWORD:  hunter2\n  DB_USER:      <set to the key 'user' in secret 'db'>  Optional: false\n";
    const out = redactKubectlOutput(text);
    expect(out).toContain('password:  8 bytes');
    expect(out).toContain("<set to the key 'user' in secret 'db'>");
    expect(out).not.toMatch(/hunter2|eyJhbGciOiJSUzI1NiJ9/);
  });

  it('an auth-provider in config view output loses id and refresh tokens and the client secret', () => {
    const text = `users:\n- name: oidc\n  user:\n    auth-provider:\n      config:\n        client-id: kube\n        client-secret: s3cr3t-value\n        id-token: idtokenvalue123\n        refresh-token: refreshvalue123\n      name: oidc\n`;
    const out = redactKubectlOutput(text);
    expect(out).toContain('client-id: kube');
    expect(out).not.toMatch(/s3cr3t-value|idtokenvalue123|refreshvalue123/);
  });
});
