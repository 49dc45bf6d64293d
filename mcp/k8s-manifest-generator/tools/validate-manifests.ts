import { z } from 'zod';
import { validateManifests, type ValidationStage } from '../../../src/manifests/validate.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { findingSchema } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { manifestFiles, manifestSetInput } from '../../shared/manifest-input.js';

export default defineTool({
  name: 'validate_manifests',
  title: 'Validate manifests',
  description:
    'Validate every object that has a model against its Kubernetes or CRD schema, list the kinds that could not be validated, and check production readiness: API versions Kubernetes no longer serves, probes, resources, Pod Security "restricted" (non-root, no privilege escalation, capabilities dropped, seccomp, read-only root filesystem, no host namespaces or paths), disruption budgets, spread, autoscaled workloads that still set replicas, and references that must resolve; then the cluster-semantics check (kaptain-kube check): apply order on an empty cluster, Pod Security admission incl. mesh-injected containers, NetworkPolicy reachability of every implied flow, and references that fail only at run time. Each finding names its object and file.',
  input: z.object({
    ...manifestSetInput,
    imageEnv: z
      .array(z.object({ name: z.string(), value: z.string(), source: z.string().optional() }))
      .optional()
      .describe('Environment variables the image sets (Dockerfile ENV), to catch baked-in URLs the tree replaces'),
  }),
  output: z.object({
    valid: z.boolean(),
    objects: z.number().int(),
    validatedKinds: z.array(z.string()),
    unvalidatedKinds: z.array(z.string()),
    findings: z.array(findingSchema),
  }),
  annotations: READ_ONLY,
  pure: true,
  async run(a, ctx) {
    // Each pass is also a log line, for a client that follows the server's log rather than progress.
    const stage: ValidationStage = async (done, total, what) => {
      await ctx.progress(done, total, what);
      if (done < total) await ctx.log('debug', `pass ${done + 1} of ${total}: ${what}`);
    };
    const report = await validateManifests(manifestFiles(a), a.imageEnv ? { imageEnv: a.imageEnv } : {}, stage);
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    await ctx.log(
      errors ? 'warning' : 'info',
      `validated ${report.objects} objects: ${errors} errors, ${report.findings.length - errors} other findings`,
    );
    return report;
  },
  summarize: (r) =>
    [
      `${r.valid ? 'valid' : 'INVALID'}: ${r.objects} objects; schema-validated ${r.validatedKinds.length} kinds${r.unvalidatedKinds.length ? `; no model for ${r.unvalidatedKinds.join(', ')}` : ''}`,
      ...r.findings.map(
        (f) => `  ${f.severity} ${f.rule} ${f.subject ?? ''}${f.file ? ` (${f.file})` : ''}: ${f.message}`,
      ),
    ].join('\n'),
});
