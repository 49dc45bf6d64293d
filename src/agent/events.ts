// Session events: everything that happens in a session is one of these, appended to
// its transcript in order. State is a pure reduction of them, so resume is replay.
import { z } from 'zod';
import { generatedFileSchema } from '../../mcp/shared/result.js';

export const POLICIES = ['ask', 'auto-read', 'suggest', 'yes'] as const;
export type Policy = (typeof POLICIES)[number];

/** Whose word a tool's annotations are (absent in transcripts written before it was recorded). */
export const TOOL_HINTS = ['builtin', 'trusted', 'untrusted'] as const;

export const fileDiffSchema = z.object({
  path: z.string(),
  change: z.enum(['added', 'removed', 'modified']),
  added: z.number().int(),
  removed: z.number().int(),
  patch: z.string(),
});

export const ruleSchema = z.object({
  /** Tool name, or "*" for every tool of the server. */
  tool: z.string(),
  server: z.string(),
  decision: z.enum(['allow', 'deny']),
  scope: z.literal('session'),
});
export type PolicyRule = z.infer<typeof ruleSchema>;

export const toolAnnotationsSchema = z
  .object({ readOnlyHint: z.boolean().optional(), destructiveHint: z.boolean().optional(), idempotentHint: z.boolean().optional(), openWorldHint: z.boolean().optional(), title: z.string().optional() })
  .passthrough();

const base = { seq: z.number().int().min(0), at: z.string() };

export const sessionEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('session.started'),
    sessionId: z.string(),
    name: z.string().optional(),
    command: z.enum(['deploy', 'chat']),
    inputs: z.object({ configPath: z.string().optional(), flags: z.record(z.string(), z.unknown()) }),
    versions: z.object({ kaptainKube: z.string(), node: z.string() }),
    planner: z.string(),
    model: z.string().optional(),
    policy: z.enum(POLICIES),
  }),
  z.object({ ...base, type: z.literal('user.message'), text: z.string() }),
  z.object({ ...base, type: z.literal('assistant.message'), text: z.string() }),
  z.object({
    ...base,
    type: z.literal('tool.proposed'),
    callId: z.string(),
    server: z.string(),
    tool: z.string(),
    args: z.record(z.string(), z.unknown()),
    annotations: toolAnnotationsSchema.optional(),
    /** What the gate treats the call as: read-only only when the annotations are believed. */
    readOnly: z.boolean(),
    hints: z.enum(TOOL_HINTS).optional(),
    /** The plan step this call carries out, when the planner has one. */
    step: z.string().optional(),
    component: z.string().optional(),
    reasons: z.array(z.string()),
    /** The change this call makes to the workspace, computed before the decision. */
    diff: z.array(fileDiffSchema).optional(),
    /** The model's id for this call and the response (turn) it came in, so its context can be rebuilt on resume. */
    llm: z.object({ toolCallId: z.string(), turn: z.string() }).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('tool.decided'),
    callId: z.string(),
    decision: z.enum(['approve', 'reject', 'always-allow', 'edit', 'suggested']),
    by: z.enum(['user', 'policy', 'rule']),
    policy: z.enum(POLICIES).optional(),
    reason: z.string().optional(),
    /** Edited arguments, re-validated against the tool's input schema. */
    args: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('tool.result'),
    callId: z.string(),
    isError: z.boolean(),
    text: z.string(),
    structured: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('workspace.changed'),
    callId: z.string(),
    /** Contribution key (server/tool) and its rank in the output's object order. */
    key: z.string(),
    order: z.number(),
    /** The contribution's files; an empty list removes the contribution. */
    files: z.array(generatedFileSchema),
    diff: z.array(fileDiffSchema),
  }),
  z.object({ ...base, type: z.literal('permissions.changed'), action: z.enum(['add', 'remove']), rule: ruleSchema }),
  z.object({ ...base, type: z.literal('policy.changed'), policy: z.enum(POLICIES) }),
  z.object({ ...base, type: z.literal('export'), format: z.string(), path: z.string(), files: z.number().int() }),
  z.object({ ...base, type: z.literal('apply'), dryRun: z.boolean(), ok: z.boolean(), summary: z.string() }),
  z.object({ ...base, type: z.literal('error'), message: z.string() }),
  z.object({ ...base, type: z.literal('session.ended'), reason: z.string() }),
]);

export type SessionEvent = z.infer<typeof sessionEventSchema>;
export type EventType = SessionEvent['type'];
export type EventOf<T extends EventType> = Extract<SessionEvent, { type: T }>;
/** An event before the store numbers and stamps it. */
export type NewEvent = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, 'seq' | 'at'> : never) : never;
export type FileDiffData = z.infer<typeof fileDiffSchema>;
