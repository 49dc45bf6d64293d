import { z } from 'zod';
import { READ_ONLY } from '../../shared/annotations.js';
import { findingSchema } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { manifestFiles, manifestSetInput } from '../../shared/manifest-input.js';
import { scanObjects } from '../checks.js';

export default defineTool({
  name: 'scan_vulnerabilities',
  title: 'Scan manifests for weaknesses',
  description:
    'Scan a manifest set for security misconfigurations (privileged or root containers, host namespaces, literal secrets, mutable tags, missing limits, wildcard RBAC, no default-deny network policy), each with its knowledge-base id and CIS/NSA references.',
  input: z.object(manifestSetInput),
  output: z.object({ findings: z.array(findingSchema), errors: z.number().int(), warnings: z.number().int() }),
  annotations: READ_ONLY,
  pure: true,
  run: (a) => {
    const findings = scanObjects(manifestFiles(a).flatMap((f) => f.objects));
    return {
      findings,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    };
  },
});
