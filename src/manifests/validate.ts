// Validates a manifest set: every object with a model against its schema
// (kubernetes-models and @kubernetes-models/*), then production-readiness rules.
import type { Finding, GeneratedFile } from './result.js';
import { KNOWN_UNMODELLED, modelFor, REMOVED_APIS } from './models.js';
import { readinessFindings, type Entry } from './readiness/index.js';
import { checkRendered, type CheckFacts } from './check/index.js';
import { objectToYaml } from './yaml.js';

export interface ValidationReport {
  valid: boolean;
  objects: number;
  validatedKinds: string[];
  unvalidatedKinds: string[];
  findings: Finding[];
}

/** Told as each of the three passes starts (`done` of 3), and once more at the end. */
export type ValidationStage = (done: number, total: number, what: string) => Promise<void> | void;

// A card's verdict validates the tree after each call, so the same objects come back call
// after call; a deep-frozen object (rendered manifests are: see yaml.ts) cannot change,
// so its schema check is done once.
const checked = new WeakMap<object, string | null>();

/** Why an object does not match its model's schema, or undefined when it does. */
function schemaProblem(Model: NonNullable<Awaited<ReturnType<typeof modelFor>>>, obj: object): string | undefined {
  const known = checked.get(obj);
  if (known !== undefined) return known ?? undefined;
  let detail: string | undefined;
  try {
    new Model(obj).validate();
  } catch (err) {
    const errors = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
    detail = errors?.length
      ? errors
          .slice(0, 5)
          .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
          .join('; ')
      : (err as Error).message;
  }
  if (Object.isFrozen(obj) && Object.values(obj).every((v) => !v || typeof v !== 'object' || Object.isFrozen(v)))
    checked.set(obj, detail ?? null);
  return detail;
}

export async function validateManifests(
  files: GeneratedFile[],
  facts: CheckFacts = {},
  stage: ValidationStage = () => undefined,
): Promise<ValidationReport> {
  const findings: Finding[] = [];
  const validated = new Set<string>();
  const unvalidated = new Set<string>();
  const entries = files.flatMap((f) => f.objects.map((obj) => ({ obj, file: f.path }))) as Entry[];
  const seen = new Map<string, string>();
  await stage(0, 3, `schemas of ${entries.length} objects`);
  for (const { obj, file } of entries) {
    const id = `${obj.apiVersion}/${obj.kind}`;
    const at = { subject: `${obj.kind}/${obj.metadata?.name ?? '?'}`, file };
    const key = `${obj.apiVersion.split('/')[0]}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    if (seen.has(key))
      findings.push({
        severity: 'error',
        rule: 'duplicate-object',
        message: `also defined in ${seen.get(key)}`,
        ...at,
      });
    seen.set(key, file!);
    const removedIn = Object.hasOwn(REMOVED_APIS, obj.apiVersion) ? REMOVED_APIS[obj.apiVersion] : undefined;
    if (removedIn) {
      unvalidated.add(id);
      findings.push({
        severity: 'error',
        rule: 'removed-api',
        message: `${obj.apiVersion} is no longer served since Kubernetes ${removedIn.since}`,
        fix: `use ${removedIn.use}`,
        ...at,
      });
      continue;
    }
    const Model = await modelFor(obj.apiVersion, obj.kind);
    if (!Model) {
      unvalidated.add(id);
      if (!(obj.apiVersion in KNOWN_UNMODELLED) && !/^v1$|\.k8s\.io\//.test(obj.apiVersion)) {
        findings.push({
          severity: 'warning',
          rule: 'unknown-kind',
          message: `${id} is not a kind KaptainKube knows; check the CRD is installed`,
          ...at,
        });
      }
      continue;
    }
    validated.add(id);
    const detail = schemaProblem(Model, obj);
    if (detail !== undefined)
      findings.push({
        severity: 'error',
        rule: 'schema',
        message: `does not match the ${id} schema: ${detail}`,
        ...at,
      });
  }
  await stage(1, 3, 'production readiness');
  findings.push(...readinessFindings(entries));
  await stage(2, 3, 'cluster semantics: apply order, admission, reachability');
  // What the cluster would do with the tree applied as written (apply order, admission, reachability, run-time references).
  const check = checkRendered(
    files.map((f) => ({ path: f.path, docs: f.objects.map((obj) => ({ obj, text: objectToYaml(obj) })) })),
    facts,
  );
  // Its errors only: its warnings (no NetworkPolicy at all, a namespace made elsewhere) are for `kaptain-kube check`.
  for (const f of check.findings.filter((x) => x.severity === 'error'))
    findings.push({
      severity: f.severity,
      rule: f.rule,
      message: `line ${f.line}: ${f.message}`,
      subject: f.subject,
      file: f.file,
    });
  await stage(3, 3, 'done');
  return {
    valid: !findings.some((f) => f.severity === 'error'),
    objects: entries.length,
    validatedKinds: [...validated].sort(),
    unvalidatedKinds: [...unvalidated].sort(),
    findings,
  };
}
