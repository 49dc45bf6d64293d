// The result every KaptainKube tool returns as `structuredContent`, so any MCP
// client (not only ours) can read generated files, findings and reasons.
import { z } from 'zod';

const manifestObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.object({ name: z.string() }).passthrough(),
  })
  .passthrough();
export type ManifestObject = z.infer<typeof manifestObjectSchema>;

export const generatedFileSchema = z.object({
  /** Path in the output tree, e.g. "k8s-manifests/04-deployment.yaml". */
  path: z.string(),
  objects: z.array(manifestObjectSchema),
});
export type GeneratedFile = z.infer<typeof generatedFileSchema>;

const SEVERITIES = ['error', 'warning', 'info'] as const;
export const findingSchema = z.object({
  severity: z.enum(SEVERITIES),
  /** Stable rule or control id: "KK-DF-001", "PCI-DSS-2.2.4", "probes-missing". */
  rule: z.string(),
  message: z.string(),
  /** What the finding is about: "Deployment/blog-api", "Dockerfile:12:1". */
  subject: z.string().optional(),
  /** The generated or input file the subject lives in, when known: "k8s-manifests/04-deployment.yaml". */
  file: z.string().optional(),
  /** What to do about it. */
  fix: z.string().optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const generatorOutputSchema = z.object({
  files: z.array(generatedFileSchema),
  findings: z.array(findingSchema),
  reasons: z.array(z.string()),
});
export type GeneratorOutput = z.infer<typeof generatorOutputSchema>;

export function output(files: GeneratedFile[], reasons: string[] = [], findings: Finding[] = []): GeneratorOutput {
  return { files, findings, reasons };
}
