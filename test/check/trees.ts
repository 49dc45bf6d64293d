// Hand-made manifest trees for the check tests: files written to a temporary directory,
// plus small YAML builders so each test shows only what it breaks.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkPaths, type CheckFacts } from '../../src/manifests/check/index.js';

export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-check-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Checks a tree; findings (of the given rules, or all) with paths relative to the tree, also as `FILE:LINE rule`. */
export function check(files: Record<string, string>, facts: CheckFacts = {}, rules?: string[]) {
  const dir = writeTree(files);
  const result = checkPaths([dir], facts);
  const findings = result.findings
    .filter((f) => !rules || rules.includes(f.rule))
    .map((f) => ({ ...f, file: f.file.slice(dir.length + 1) }));
  return { ...result, dir, findings, at: findings.map((f) => `${f.file}:${f.line} ${f.rule}`) };
}

export const namespace = (
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
) =>
  `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
  annotations: ${JSON.stringify(annotations)}
`;

/** A container that passes Pod Security "restricted", serving `port` as "http". */
export const goodContainer = (name = 'app', port = 8080, extra = '') =>
  `{"name":"${name}","image":"example/${name}:1.0","ports":[{"name":"http","containerPort":${port}}],"securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}${extra}}`;

export const deployment = (
  name: string,
  ns: string,
  opts: { replicas?: number; containers?: string; labels?: Record<string, string> } = {},
) =>
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${opts.replicas ?? 2}
  selector:
    matchLabels: {"app":"${name}"}
  template:
    metadata:
      labels: ${JSON.stringify({ app: name, ...(opts.labels ?? {}) })}
    spec:
      containers: [${opts.containers ?? goodContainer()}]
`;

export const service = (
  name: string,
  ns: string,
  ports = '[{"name":"http","port":80,"targetPort":"http"}]',
  selector = name,
) =>
  `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {"app":"${name}"}
spec:
  selector: {"app":"${selector}"}
  ports: ${ports}
`;

export const policy = (name: string, ns: string, spec: object) =>
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec: ${JSON.stringify(spec)}
`;

export const docs = (...d: string[]) => d.join('---\n');
