import { z } from 'zod';
import { SECURITY_PROFILES } from '../../../src/vocabulary.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { readTemplateJson } from '../../shared/templates.js';
import { defineTool } from '../../shared/tool.js';
import { manifestFiles, manifestSetInput } from '../../shared/manifest-input.js';
import { evaluateControls } from '../checks.js';

interface Baselines {
  profiles: Record<string, { controls: string[] }>;
  controls: Record<string, string>;
}

export default defineTool({
  name: 'compliance_check',
  title: 'Check compliance',
  description:
    'Check a manifest set against the controls of a compliance profile (PCI DSS v4.0, HIPAA 164.312, FIPS 140-3, CIS Kubernetes): pass, fail or manual per control, with evidence.',
  input: z.object({ ...manifestSetInput, profile: z.enum(SECURITY_PROFILES) }),
  output: z.object({
    profile: z.string(),
    compliant: z.boolean(),
    controls: z.array(
      z.object({
        control: z.string(),
        title: z.string(),
        status: z.enum(['pass', 'fail', 'manual']),
        evidence: z.string(),
      }),
    ),
  }),
  annotations: READ_ONLY,
  pure: true,
  run: (a) => {
    const b = readTemplateJson<Baselines>('security-baselines.json');
    const controls = evaluateControls(
      manifestFiles(a).flatMap((f) => f.objects),
      b.profiles[a.profile].controls,
      b.controls,
    );
    return { profile: a.profile, compliant: !controls.some((c) => c.status === 'fail'), controls };
  },
  summarize: (r) =>
    [
      `${r.profile}: ${r.compliant ? 'no failing controls' : 'FAILING controls'}`,
      ...r.controls.map((c) => `  ${c.status.padEnd(6)} ${c.control} — ${c.evidence}`),
    ].join('\n'),
});
