// What analysis learns from a Dockerfile and its build context. Plain data with a
// zod schema so MCP tools can declare it as their output and clients can trust it.
import { z } from 'zod';
import { DATABASE_TYPES } from '../vocabulary.js';

/** Where a fact came from, for provenance ("EXPOSE 443, Dockerfile:12"). */
const sourceRefSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  instruction: z.string(),
});
export type SourceRef = z.infer<typeof sourceRefSchema>;

const baseImageSchema = z.object({
  raw: z.string(),
  name: z.string(),
  tag: z.string().optional(),
  digest: z.string().optional(),
  stage: z.string().optional(),
  /** FROM refers to an earlier stage rather than an image. */
  isStage: z.boolean(),
  source: sourceRefSchema,
});
export type BaseImage = z.infer<typeof baseImageSchema>;

const exposedPortSchema = z.object({
  port: z.number().int(),
  protocol: z.enum(['tcp', 'udp']),
  source: sourceRefSchema,
});
type ExposedPort = z.infer<typeof exposedPortSchema>;

const healthcheckSchema = z.object({
  none: z.boolean(),
  command: z.string().optional(),
  path: z.string().optional(),
  port: z.number().int().optional(),
  intervalSeconds: z.number().optional(),
  timeoutSeconds: z.number().optional(),
  startPeriodSeconds: z.number().optional(),
  retries: z.number().int().optional(),
  source: sourceRefSchema,
});
type Healthcheck = z.infer<typeof healthcheckSchema>;

const dependencySchema = z.object({
  kind: z.enum([
    'postgresql',
    'mysql',
    'mongodb',
    'redis',
    'rabbitmq',
    'kafka',
    'nats',
    'elasticsearch',
    'sqs',
    'other',
  ]),
  /** The ENV name, package name or file that revealed it. */
  evidence: z.string(),
  source: sourceRefSchema,
});
export type Dependency = z.infer<typeof dependencySchema>;

const LANGUAGES = ['node', 'python', 'go', 'java', 'ruby', 'rust', 'php', 'dotnet', 'static', 'unknown'] as const;
export type Language = (typeof LANGUAGES)[number];

export const dockerfileFactsSchema = z.object({
  file: z.string(),
  stages: z.array(z.object({ name: z.string().optional(), index: z.number().int(), base: baseImageSchema })),
  finalStage: z.object({ name: z.string().optional(), index: z.number().int() }),
  multiStage: z.boolean(),
  baseImages: z.array(baseImageSchema),
  finalBase: baseImageSchema,
  exposed: z.array(exposedPortSchema),
  user: z
    .object({
      raw: z.string(),
      /** Absent for a named user nothing resolves: no id is invented for it. */
      uid: z.number().int().optional(),
      gid: z.number().int().optional(),
      name: z.string().optional(),
      root: z.boolean(),
      source: sourceRefSchema,
      /** How a named user became a number ("a RUN creates app with uid 1234"). */
      resolvedBy: z.string().optional(),
    })
    .optional(),
  /** With no USER in the Dockerfile: the non-root user a well-known base image runs as. */
  imageUser: z
    .object({
      uid: z.number().int(),
      gid: z.number().int().optional(),
      name: z.string().optional(),
      evidence: z.string(),
    })
    .optional(),
  healthcheck: healthcheckSchema.optional(),
  env: z.array(z.object({ name: z.string(), value: z.string(), source: sourceRefSchema })),
  args: z.array(z.object({ name: z.string(), defaultValue: z.string().optional(), source: sourceRefSchema })),
  dependencies: z.array(dependencySchema),
  language: z.enum(LANGUAGES),
  languageVersion: z.string().optional(),
  frameworks: z.array(z.object({ name: z.string(), evidence: z.string() })),
  /** The ports a copied web server configuration listens on, and whether each speaks TLS (`listen 443 ssl`). */
  listeners: z.array(z.object({ port: z.number().int(), tls: z.boolean(), evidence: z.string() })).optional(),
  /** A library in a copied manifest that serves Prometheus metrics over HTTP, and its default path. */
  metricsLibrary: z.object({ name: z.string(), path: z.string(), evidence: z.string() }).optional(),
  /** Dependency manifests COPY'd into the image and found in the build context. */
  manifests: z.array(z.object({ path: z.string(), kind: z.string(), source: sourceRefSchema })),
  entrypoint: z.array(z.string()).optional(),
  cmd: z.array(z.string()).optional(),
  volumes: z.array(z.object({ path: z.string(), source: sourceRefSchema })),
  workdir: z.string().optional(),
  /** The final base image is itself a database server (FROM postgres:16 …). */
  databaseImage: z.enum(DATABASE_TYPES).optional(),
  /** GPU runtime in the final stage (nvidia/cuda, tensorflow/*-gpu, pytorch …). */
  gpu: z.boolean(),
});
export type DockerfileFacts = z.infer<typeof dockerfileFactsSchema>;
