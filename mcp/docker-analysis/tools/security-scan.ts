import { z } from 'zod';
import { lintDockerfile } from '../../../src/dockerfile/lint.js';
import { findingSchema, type Finding } from '../../../src/manifests/result.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { readTemplateJson } from '../../shared/templates.js';
import { defineTool } from '../../shared/tool.js';
import { dockerfileSource, readSource } from '../dockerfile-source.js';
import type { BaseImageCatalog } from '../resources/base-image-catalog.js';

/** Base-image checks against the curated catalog: end-of-life versions and heavy images. */
function baseImageFindings(images: { name: string; tag?: string; line: number }[], today: string): Finding[] {
  const catalog = readTemplateJson<BaseImageCatalog>('base-images.json');
  const out: Finding[] = [];
  for (const img of images) {
    const entry = catalog.images.find(
      (e) => e.names.includes(img.name.split('/').slice(-2).join('/')) || e.names.includes(img.name.split('/').pop()!),
    );
    if (!entry || !img.tag) continue;
    const version = entry.versions.find(
      (v) => img.tag === v.version || img.tag!.startsWith(`${v.version}.`) || img.tag!.startsWith(`${v.version}-`),
    );
    if (version?.eol && version.eol < today) {
      out.push({
        severity: 'error',
        rule: 'KK-IMG-001',
        message: `${img.name}:${img.tag} is past end of life (${version.eol})`,
        subject: `Dockerfile:${img.line}`,
        fix: `move to ${entry.recommended}`,
      });
    }
    if (entry.slimVariant && !/(slim|alpine|distroless|minimal)/.test(img.tag)) {
      out.push({
        severity: 'info',
        rule: 'KK-IMG-002',
        message: `${img.name}:${img.tag} is the full image; a slim variant has fewer packages to patch`,
        subject: `Dockerfile:${img.line}`,
        fix: `consider ${entry.slimVariant}`,
      });
    }
  }
  return out;
}

export default defineTool({
  name: 'security_scan',
  title: 'Static security scan',
  description:
    'Static security analysis of a Dockerfile and its base images: root user, secrets baked into ENV/ARG, unverified downloads, unpinned or end-of-life bases. This is a configuration scan, not a CVE scan of image layers.',
  input: z.object({
    ...dockerfileSource,
    today: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe('Date to judge end of life against (default: today)'),
  }),
  output: z.object({
    findings: z.array(findingSchema),
    errors: z.number().int(),
    warnings: z.number().int(),
    scanned: z.array(z.string()),
    note: z.string(),
  }),
  annotations: READ_ONLY,
  async run(a) {
    const { text, facts } = await readSource(a);
    const lint: Finding[] = lintDockerfile(text).map((f) => ({
      severity: f.severity,
      rule: f.rule,
      message: f.message,
      subject: `Dockerfile:${f.line}:${f.col}`,
      fix: f.fix,
    }));
    const images = facts.baseImages.map((b) => ({ name: b.name, tag: b.tag, line: b.source.line }));
    const findings = [...lint, ...baseImageFindings(images, a.today ?? new Date().toISOString().slice(0, 10))];
    return {
      findings,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      scanned: facts.baseImages.map((b) => b.raw),
      note: 'static configuration scan; image layers were not scanned for CVEs (no vulnerability database is consulted)',
    };
  },
  summarize: (r) =>
    [
      `security_scan: ${r.errors} error(s), ${r.warnings} warning(s) — ${r.note}`,
      ...r.findings.map((f) => `  ${f.severity} ${f.rule} ${f.subject ?? ''} ${f.message}`),
    ].join('\n'),
});
