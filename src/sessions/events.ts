// Session events: everything that happens in a session is one of these, appended to
// its transcript in order. State is a pure reduction of them, so resume is replay.
import { z } from 'zod';
import { generatedFileSchema } from '../manifests/result.js';
import { APPROVAL_POLICIES, type ApprovalPolicy } from '../vocabulary.js';
import { cardReviewSchemas } from './card-review.js';

export const POLICIES = APPROVAL_POLICIES;
export type Policy = ApprovalPolicy;

/** Whose word a tool's annotations are (absent in transcripts written before it was recorded). */
export const TOOL_HINTS = ['builtin', 'trusted', 'untrusted'] as const;

/** What a deploy run produces: the plan, a tree in memory, a tree on disk, or a cluster change. */
const OUTPUT_MODES = ['plan', 'dry-run', 'generate', 'apply'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

// The schemas check a transcript as it is read back; writing one needs only their types.
// Built on first use: hundreds of schema objects a run that reads no transcript never needs.
let built: ReturnType<typeof build> | undefined;

/** Every session event, checked by its type. */
export function sessionEventSchema(): ReturnType<typeof build>['event'] {
  return (built ??= build()).event;
}

function build() {
  const card = cardReviewSchemas();
  const fileDiffSchema = z.object({
    path: z.string(),
    change: z.enum(['added', 'removed', 'modified']),
    added: z.number().int(),
    removed: z.number().int(),
    patch: z.string(),
  });

  const ruleSchema = z.object({
    /** Tool name, or "*" for every tool of the server. */
    tool: z.string(),
    server: z.string(),
    decision: z.enum(['allow', 'deny']),
    scope: z.literal('session'),
  });

  const toolAnnotationsSchema = z
    .object({
      readOnlyHint: z.boolean().optional(),
      destructiveHint: z.boolean().optional(),
      idempotentHint: z.boolean().optional(),
      openWorldHint: z.boolean().optional(),
      title: z.string().optional(),
    })
    .passthrough();

  const base = { seq: z.number().int().min(0), at: z.string() };

  /**
   * What a session was asked to achieve, in the domain's words rather than the CLI's flags,
   * so a renamed flag never breaks resuming a stored session. Chat sessions record none.
   */
  const sessionGoalSchema = z.object({
    /** Component ids left out (aliases already resolved). */
    disabledComponents: z.array(z.string()),
    overrides: z.object({ cpu: z.string().optional(), memory: z.string().optional(), image: z.string().optional() }),
    output: z.object({ mode: z.enum(OUTPUT_MODES), dir: z.string().optional() }),
    /** How the apply step changes the cluster (output mode "apply" only). */
    apply: z.object({ diffOnly: z.boolean(), forceConflicts: z.boolean(), prune: z.boolean() }).optional(),
    /** The cluster the kubectl tools are pinned to and the apply step targets. */
    kube: z.object({
      kubeconfig: z.string().optional(),
      context: z.string().optional(),
      namespace: z.string().optional(),
    }),
  });

  const sessionEventSchema = z.discriminatedUnion('type', [
    z.object({
      ...base,
      type: z.literal('session.started'),
      sessionId: z.string(),
      name: z.string().optional(),
      command: z.enum(['deploy', 'chat']),
      inputs: z.object({
        configPath: z.string().optional(),
        /** A system deploy: every app's config (configPath is the first). */
        configPaths: z.array(z.string()).optional(),
        goal: sessionGoalSchema.optional(),
        /** The raw CLI flags, as transcripts written before the goal recorded them (read by goalOf). */
        flags: z.record(z.string(), z.unknown()).optional(),
      }),
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
      /** The app of a system deploy the call is for; its files go to that app's folder. */
      scope: z.string().optional(),
      reasons: z.array(z.string()),
      /** The change this call makes to the workspace, computed before the decision. */
      diff: z.array(fileDiffSchema).optional(),
      /** The findings the change adds, and what it would change (with a cluster: in the cluster). */
      verdict: card.cardVerdict.optional(),
      blast: card.blastRadius.optional(),
      /** The model's id for this call and the response (turn) it came in, so its context can be rebuilt on resume. */
      llm: z
        .object({
          toolCallId: z.string(),
          turn: z.string(),
          /** The call as the model wrote it (a compact tool and its arguments), before the host expanded it. */
          name: z.string().optional(),
          arguments: z.string().optional(),
        })
        .optional(),
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
    /** A person edited the pending call's arguments (schema-checked); it waits for a decision again. Older transcripts have none. */
    z.object({
      ...base,
      type: z.literal('tool.revised'),
      callId: z.string(),
      args: z.record(z.string(), z.unknown()),
      diff: z.array(fileDiffSchema).optional(),
      verdict: card.cardVerdict.optional(),
      blast: card.blastRadius.optional(),
    }),
    z.object({
      ...base,
      type: z.literal('tool.result'),
      callId: z.string(),
      isError: z.boolean(),
      text: z.string(),
      structured: z.record(z.string(), z.unknown()).optional(),
      /** Images, audio and resources as the server sent them (large ones stored as blobs). */
      content: z.array(z.looseObject({ type: z.string() })).optional(),
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
    /** An MCP server asked to use the session's model (sampling): the decision and, when approved, the answer. */
    z.object({
      ...base,
      type: z.literal('sampling'),
      server: z.string(),
      request: z.string(),
      decision: z.enum(['approve', 'reject']),
      by: z.enum(['user', 'policy']),
      reason: z.string().optional(),
      answer: z.string().optional(),
    }),
    /** Tokens of one model request: from the server's usage report, or estimated (chars/4) when it sent none. */
    z.object({
      ...base,
      type: z.literal('model.usage'),
      model: z.string(),
      inputTokens: z.number().int().min(0),
      outputTokens: z.number().int().min(0),
      estimated: z.boolean(),
      requestBytes: z.number().int().min(0).optional(),
    }),
    // status: how the run ended (older transcripts have none); error: why it failed.
    z.object({
      ...base,
      type: z.literal('session.ended'),
      reason: z.string(),
      status: z.enum(['succeeded', 'failed']).optional(),
      error: z.string().optional(),
    }),
  ]);
  return { event: sessionEventSchema, rule: ruleSchema, goal: sessionGoalSchema, fileDiff: fileDiffSchema };
}

type Built = ReturnType<typeof build>;
export type PolicyRule = z.infer<Built['rule']>;
export type SessionGoal = z.infer<Built['goal']>;
export type SessionEvent = z.infer<Built['event']>;
type EventType = SessionEvent['type'];
export type EventOf<T extends EventType> = Extract<SessionEvent, { type: T }>;
/** An event before the store numbers and stamps it. */
export type NewEvent = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, 'seq' | 'at'> : never) : never;
export type FileDiffData = z.infer<Built['fileDiff']>;

/** Where a session's events go: the transcript file, or memory for runs that keep none. */
export interface EventSink {
  /** Numbers, stamps, persists and returns the event. */
  append(event: NewEvent): Promise<SessionEvent>;
  /** Makes everything appended so far durable, for sinks that defer it (fsync). */
  sync?(): void;
}
