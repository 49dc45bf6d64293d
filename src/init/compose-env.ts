// A Compose service's environment, env_file and secrets → spec.secretsRequired. Only
// variable names ever reach the config or its comments, never their values.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { isSecretName, looksLikeSecretValue } from '../secrets/patterns.js';
import { listOrDict } from './compose-extends.js';
import { quoted, type ServiceMapping } from './compose-mapping.js';
import { dnsLabel, urlHosts } from './compose-values.js';
import { setField } from './draft.js';

/** Maps the environment and secrets; returns the services its URL variables name, with the variable. */
export function mapEnvironment(m: ServiceMapping): Map<string, string> {
  const { p, name, svc, d, at, warn, fail } = m;
  const env: Record<string, string | null> = {};
  const envFiles = svc.env_file === undefined ? [] : Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
  envFiles.forEach((e: string | { path: string; required?: unknown }, i) => {
    const file = typeof e === 'string' ? e : e.path;
    const required = typeof e === 'string' || (e.required !== false && e.required !== 'false');
    let text: string | undefined;
    try {
      text = readFileSync(resolve(p.dir, file), 'utf8');
    } catch {
      if (required)
        fail(
          Array.isArray(svc.env_file) ? at('env_file', i) : at('env_file'),
          `env_file "${file}" cannot be read (looked for ${resolve(p.dir, file)})`,
        );
    }
    if (text !== undefined) Object.assign(env, parseEnv(text));
  });
  Object.assign(env, listOrDict(svc.environment));
  const secretEnv: string[] = [];
  const plainEnv: string[] = [];
  const deps = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) {
    const value = v ?? p.vars.get(k) ?? '';
    // A secret name is a credential even when its value is a ${REFERENCE} filled at run time.
    if (isSecretName(k) || looksLikeSecretValue(value)) secretEnv.push(k);
    else plainEnv.push(k);
    for (const host of urlHosts(value))
      if (p.services[host] && host !== name && !deps.has(host)) deps.set(host, `environment ${k}`);
  }
  const secrets: { name: string; source: string }[] = [];
  if (secretEnv.length > 0)
    secrets.push({
      name: `${dnsLabel(name)}-env`,
      source: `compose: environment ${secretEnv.join(', ')} (credentials: from this Secret, never the config)`,
    });
  if (plainEnv.length > 0)
    d.notes.push(
      `environment not carried (the AppDeployment has no env field; set these in the image or a ConfigMap): ${plainEnv.join(', ')}`,
    );
  ((svc.secrets as (string | { source: string })[] | undefined) ?? []).forEach((s, i) => {
    const src = typeof s === 'string' ? s : s.source;
    secrets.push({ name: dnsLabel(src), source: `compose: secrets ${quoted(src)}` });
    const top = p.secrets[src] as { file?: string; environment?: string } | undefined;
    warn(
      at('secrets', i),
      `secret ${src} becomes Secret ${dnsLabel(src)}, read as environment variables (envFrom), not a file in /run/secrets${top?.file ? `; fill it from ${top.file} out of band` : ''}`,
    );
  });
  secrets.forEach((s, i) => setField(d, ['spec', 'secretsRequired', i], s.name, s.source));
  return deps;
}
