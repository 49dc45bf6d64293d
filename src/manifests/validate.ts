// Validates a manifest set: every object with a model against its schema
// (kubernetes-models and @kubernetes-models/*), then production-readiness rules.
import type { Finding, GeneratedFile, ManifestObject } from '../../mcp/shared/result.js';
import { KNOWN_UNMODELLED, modelFor } from './models.js';
import { readinessFindings } from './readiness.js';

export interface ValidationReport {
  valid: boolean;
  objects: number;
  validatedKinds: string[];
  unvalidatedKinds: string[];
  findings: Finding[];
}

export async function validateManifests(files: GeneratedFile[]): Promise<ValidationReport> {
  const findings: Finding[] = [];
  const validated = new Set<string>();
  const unvalidated = new Set<string>();
  const all: { obj: ManifestObject; file: string }[] = files.flatMap((f) => f.objects.map((obj) => ({ obj, file: f.path })));
  const seen = new Map<string, string>();
  for (const { obj, file } of all) {
    const id = `${obj.apiVersion}/${obj.kind}`;
    const subject = `${obj.kind}/${obj.metadata?.name ?? '?'} (${file})`;
    const key = `${obj.apiVersion.split('/')[0]}/${obj.kind}/${(obj.metadata as { namespace?: string }).namespace ?? ''}/${obj.metadata.name}`;
    if (seen.has(key)) findings.push({ severity: 'error', rule: 'duplicate-object', message: `also defined in ${seen.get(key)}`, subject });
    seen.set(key, file);
    const Model = await modelFor(obj.apiVersion, obj.kind);
    if (!Model) {
      unvalidated.add(id);
      if (!(obj.apiVersion in KNOWN_UNMODELLED) && !/^v1$|\.k8s\.io\//.test(obj.apiVersion)) {
        findings.push({ severity: 'warning', rule: 'unknown-kind', message: `${id} is not a kind KaptainKube knows; check the CRD is installed`, subject });
      }
      continue;
    }
    validated.add(id);
    try {
      new Model(obj).validate();
    } catch (err) {
      const errors = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
      const detail = errors?.length ? errors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ') : (err as Error).message;
      findings.push({ severity: 'error', rule: 'schema', message: `does not match the ${id} schema: ${detail}`, subject });
    }
  }
  const readiness = readinessFindings(all.map((a) => a.obj) as never);
  findings.push(...readiness);
  return {
    valid: !findings.some((f) => f.severity === 'error'),
    objects: all.length,
    validatedKinds: [...validated].sort(),
    unvalidatedKinds: [...unvalidated].sort(),
    findings,
  };
}
