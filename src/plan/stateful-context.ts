// What the generators need to run a stateful image (a database, cache or broker run as
// given): its data volume, settings, credentials by Secret reference and its own probes.
// Part of the AppContext; absent for every other app.
import { z } from 'zod';

const probeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('exec'), command: z.array(z.string()).min(1) }),
  z.object({ type: z.literal('tcp'), port: z.string() }),
  z.object({ type: z.literal('http'), path: z.string(), port: z.string() }),
]);

export const statefulContextSchema = z.object({
  /** "postgres", "database", "postgres:16": for reasons and names. */
  family: z.string(),
  kind: z.string(),
  ref: z.string(),
  /** Where the volume claim is mounted, and its size. */
  dataPath: z.string(),
  storage: z.string(),
  env: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  /** Variables filled from the credentials Secret, by key. */
  secretEnv: z.array(z.object({ name: z.string(), key: z.string() })).default([]),
  args: z.array(z.string()).optional(),
  readiness: probeSchema,
  liveness: probeSchema,
  probeTimeout: z.number().int().min(1),
  /** Why the root filesystem stays writable, when the image writes its own config at start. */
  writableRoot: z.string().optional(),
  /**
   * The Secret holding the credentials: generated without values here, or named in secretsRequired.
   * `secretName`, not `secret`: a transcript hides the value of a field named like a credential.
   */
  credentials: z.object({ secretName: z.string(), generated: z.boolean() }).optional(),
});
export type StatefulContext = z.infer<typeof statefulContextSchema>;
