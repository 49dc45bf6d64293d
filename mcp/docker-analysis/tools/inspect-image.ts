import { z } from 'zod';
import { inspectImage, RegistryError } from '../../../src/dockerfile/registry-client.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool, ToolError } from '../../shared/tool.js';

export default defineTool({
  name: 'inspect_image',
  title: 'Inspect a container image',
  description:
    "Read an image's configuration (ports, user, environment names, entrypoint, labels, layers) from its registry over the OCI Distribution API. Reports clearly when the registry cannot be reached; nothing is inferred.",
  input: z.object({
    image: z.string().min(1).describe('Image reference, e.g. nginx:1.27 or ghcr.io/org/app@sha256:…'),
    platform: z
      .string()
      .regex(/^[a-z0-9]+\/[a-z0-9]+$/)
      .default('linux/amd64'),
    timeout_ms: z.number().int().min(100).max(60_000).default(5000),
    insecure: z.boolean().default(false).describe('Plain HTTP (loopback registries are always plain HTTP)'),
  }),
  output: z.object({
    image: z.string(),
    digest: z.string().optional(),
    platform: z.string(),
    exposedPorts: z.array(z.string()),
    user: z.string().optional(),
    env: z.array(z.object({ name: z.string(), value: z.string() })),
    entrypoint: z.array(z.string()).optional(),
    cmd: z.array(z.string()).optional(),
    workdir: z.string().optional(),
    labels: z.record(z.string(), z.string()),
    layers: z.number().int(),
    sizeBytes: z.number().int(),
    created: z.string().optional(),
    runsAsRoot: z.boolean(),
  }),
  annotations: { ...READ_ONLY, openWorldHint: true },
  async run(a) {
    try {
      const cfg = await inspectImage(a.image, { platform: a.platform, timeoutMs: a.timeout_ms, insecure: a.insecure });
      const u = (cfg.user ?? '').split(':')[0];
      return { ...cfg, runsAsRoot: u === '' || u === 'root' || u === '0' };
    } catch (err) {
      if (err instanceof RegistryError) throw new ToolError(`${err.message}. Nothing was inferred about ${a.image}.`);
      throw err;
    }
  },
  summarize: (r) =>
    `${r.image} (${r.platform}${r.digest ? `, ${r.digest.slice(0, 19)}` : ''}): ports ${r.exposedPorts.join(', ') || 'none'}, user ${r.user ?? 'root'}, ${r.layers} layers, ${(r.sizeBytes / 1048576).toFixed(1)} MiB`,
});
