// The approval gate as data: a policy plus session rules decide whether a proposed
// call runs, waits for a person, or is only recorded. "Always allow" adds a rule;
// revoking removes it. Nothing here knows about terminals.
import type { Policy, PolicyRule, TOOL_HINTS } from '../sessions/events.js';

export type ToolHints = (typeof TOOL_HINTS)[number];

export interface GateInput {
  server: string;
  tool: string;
  readOnly: boolean;
}

export type GateVerdict =
  | { kind: 'run'; by: 'policy' | 'rule'; note: string }
  | { kind: 'ask' }
  | { kind: 'record-only'; note: string }
  | { kind: 'deny'; by: 'rule'; note: string };

function matches(rule: PolicyRule, call: GateInput): boolean {
  return rule.server === call.server && (rule.tool === '*' || rule.tool === call.tool);
}

export function gate(policy: Policy, rules: readonly PolicyRule[], call: GateInput): GateVerdict {
  const deny = rules.find((r) => r.decision === 'deny' && matches(r, call));
  if (deny) return { kind: 'deny', by: 'rule', note: `denied by rule for ${call.server}/${deny.tool}` };
  if (policy === 'yes') return { kind: 'run', by: 'policy', note: 'approved by policy "yes"' };
  const allow = rules.find((r) => r.decision === 'allow' && matches(r, call));
  if (allow) return { kind: 'run', by: 'rule', note: `always allowed this session (${call.server}/${allow.tool})` };
  switch (policy) {
    case 'auto-read':
      return call.readOnly
        ? { kind: 'run', by: 'policy', note: 'read-only tool, approved by policy "auto-read"' }
        : { kind: 'ask' };
    case 'suggest':
      return call.readOnly
        ? { kind: 'run', by: 'policy', note: 'read-only tool, approved by policy "suggest"' }
        : { kind: 'record-only', note: 'world-changing tool recorded but not executed (policy "suggest")' };
    case 'ask':
      return { kind: 'ask' };
  }
}

/**
 * Tools are read-only only when their annotations say so; a tool without
 * annotations (common for external servers) counts as world-changing.
 */
function isReadOnly(annotations: { readOnlyHint?: boolean } | undefined): boolean {
  return annotations?.readOnlyHint === true;
}

/** What the hub says about a tool: its annotations, whose word they are, and whether it is pure. */
export interface ToolFacts {
  annotations?: { readOnlyHint?: boolean };
  /** Absent (a hub that does not say) counts as untrusted. */
  hints?: ToolHints;
  pure?: boolean;
}

/**
 * How the engine treats a call: read-only for the gate only when the annotations come
 * from a built-in or a trusted server; previewed (run before the decision) only when it
 * is a built-in generator declared pure.
 */
export function classifyTool(t: ToolFacts): { hints: ToolHints; readOnly: boolean; preview: boolean } {
  const hints = t.hints ?? 'untrusted';
  const readOnly = hints !== 'untrusted' && isReadOnly(t.annotations);
  return { hints, readOnly, preview: readOnly && hints === 'builtin' && t.pure === true };
}

/** The line an approval card shows about whose annotations these are; none for built-ins. */
export function describeHints(hints: ToolHints | undefined): string | undefined {
  if (hints === 'untrusted') return 'annotations from an untrusted server: treated as world-changing';
  if (hints === 'trusted') return 'annotations from a server marked trusted in mcp.yaml: runs only after the decision';
  return undefined;
}

export function describePolicy(policy: Policy): string {
  return {
    ask: 'every call waits for a decision',
    'auto-read': 'read-only tools run; world-changing tools wait for a decision',
    suggest: 'read-only tools run; world-changing tools are recorded, never executed',
    yes: 'every call runs, recorded as approved by policy',
  }[policy];
}
