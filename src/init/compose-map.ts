// A Compose application → one draft AppDeployment per app service. Databases, caches
// and brokers are not apps: they become the `database` or a requirement of the services
// that use them. docs/compose.md lists every mapping; keep the two in step.
import type { ConfigIssue } from '../app-config/loader.js';
import type { YamlPath } from '../app-config/positions.js';
import { mapBuild } from './compose-build.js';
import { mapEnvironment } from './compose-env.js';
import type { ServiceMapping } from './compose-mapping.js';
import { mapHealthcheck, mapPorts } from './compose-ports.js';
import type { ComposeProject } from './compose-read.js';
import { mapRuntime } from './compose-runtime.js';
import { mapUses, type InfraService } from './compose-uses.js';
import { dnsLabel, infraOfImage } from './compose-values.js';
import { newDraft, setField, type Draft } from './draft.js';

export interface MapResult {
  drafts: Draft[];
  warnings: ConfigIssue[];
  issues: ConfigIssue[];
}

/** Keys read by the mapping; any other service key is reported as not carried. */
const MAPPED = new Set([
  'build',
  'image',
  'ports',
  'expose',
  'healthcheck',
  'environment',
  'env_file',
  'secrets',
  'configs',
  'user',
  'command',
  'entrypoint',
  'volumes',
  'deploy',
  'scale',
  'restart',
  'depends_on',
  'links',
  'profiles',
  'extends',
]);

export async function mapCompose(p: ComposeProject): Promise<MapResult> {
  const warnings: ConfigIssue[] = [...p.warnings];
  const issues: ConfigIssue[] = [];
  const warn = (path: YamlPath, message: string, key = false) =>
    warnings.push({ file: p.file, ...p.at(path, key), message });
  const fail = (path: YamlPath, message: string) => issues.push({ file: p.file, ...p.at(path), message });
  for (const s of p.skipped)
    warn(
      ['services', s.name, 'profiles'],
      `service ${s.name} is left out: none of its profiles (${s.profiles.join(', ')}) is active; pass --profile to include it`,
    );

  const infra = new Map<string, InfraService>();
  for (const [name, svc] of Object.entries(p.services)) {
    const hit = svc.build === undefined && typeof svc.image === 'string' ? infraOfImage(svc.image) : undefined;
    if (hit) infra.set(name, { ...hit, image: svc.image as string });
  }
  const apps = Object.keys(p.services).filter((n) => !infra.has(n));
  const used = new Set<string>();
  const namespace = dnsLabel(p.name);
  const drafts: Draft[] = [];

  for (const name of apps) {
    const svc = p.services[name];
    const at = (...path: (string | number)[]): YamlPath => ['services', name, ...path];
    const d = newDraft(name, { value: dnsLabel(name), source: `compose: services.${name}` });
    setField(d, ['metadata', 'namespace'], namespace, p.nameSource);
    for (const key of Object.keys(svc))
      if (!MAPPED.has(key) && !key.startsWith('x-'))
        warn(at(key), `${key} is not carried into the AppDeployment (no field for it); see docs/compose.md`, true);
    // In this order: messages at one position keep it, and the services named by URL
    // variables come before those named by depends_on and links.
    const m: ServiceMapping = { p, name, svc, d, at, warn, fail };
    const facts = await mapBuild(m);
    const ports = mapPorts(m, facts);
    mapHealthcheck(m, facts, ports);
    const deps = mapEnvironment(m);
    mapRuntime(m);
    mapUses(m, deps, infra, used);
    drafts.push(d);
  }

  for (const [name] of infra)
    if (!used.has(name))
      warn(
        ['services', name],
        `service ${name} (image ${infra.get(name)!.image}) is not used by any app service (no depends_on, links or URL naming it); left out`,
        true,
      );
  if (drafts.length > 1) for (const d of drafts) d.file = `${dnsLabel(d.service)}.app-config.yaml`;
  warnings.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : 0));
  return { drafts, warnings, issues };
}
