// What every lint rule is: a stable id, a severity, and a check over the parsed Dockerfile
// that returns where each problem is, what it is and what to do.
import type { Instruction, From } from 'dockerfile-ast';

export type Severity = 'error' | 'warning' | 'info';

/** The parsed Dockerfile a rule checks: every instruction, the stages, and ARG/ENV values. */
export interface LintContext {
  all: Instruction[];
  stages: { from: From; name?: string; body: Instruction[] }[];
  vars: Map<string, string>;
}

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  check(ctx: LintContext): { at: Instruction | { line: number; col: number }; message: string; fix: string }[];
}

export const raw = (i: Instruction) => i.getRawArgumentsContent() ?? '';
export const kw = (k: string) => (i: Instruction) => i.getKeyword() === k;
