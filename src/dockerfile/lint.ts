// Dockerfile lint rules of the kind people rely on hadolint for. Each rule is a
// small object with a stable id; findings carry line:col and what to do.
import { DockerfileParser } from 'dockerfile-ast';
import { IMAGE_RULES } from './lint-rules/image.js';
import { INSTRUCTION_RULES } from './lint-rules/instructions.js';
import { kw, type LintContext, type Rule, type Severity } from './lint-rules/rule.js';
import { RUN_RULES } from './lint-rules/run-steps.js';

export interface LintFinding {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  col: number;
  fix: string;
}

// Rule ids are ASCII (KK-DF-001): compared by code point, which orders them as a collator
// would, without loading one (the first localeCompare of a process costs several ms).
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every rule, in id order. */
const RULES: Rule[] = [...IMAGE_RULES, ...RUN_RULES, ...INSTRUCTION_RULES].sort((a, b) => byCodePoint(a.id, b.id));

export function lintDockerfile(text: string, _file = 'Dockerfile'): LintFinding[] {
  if (text.trim() === '')
    return [
      {
        rule: 'KK-DF-000',
        severity: 'error',
        message: 'the Dockerfile is empty',
        line: 1,
        col: 1,
        fix: 'start with FROM <image>:<tag>',
      },
    ];
  const df = DockerfileParser.parse(text);
  const all = df.getInstructions();
  const froms = df.getFROMs();
  if (froms.length === 0)
    return [
      {
        rule: 'KK-DF-000',
        severity: 'error',
        message: 'no FROM instruction: this is not a Dockerfile',
        line: 1,
        col: 1,
        fix: 'start with FROM <image>:<tag>',
      },
    ];
  const stages = froms.map((from, idx) => {
    const start = from.getRange().start.line;
    const end = froms[idx + 1]?.getRange().start.line ?? Infinity;
    return {
      from,
      name: from.getBuildStage() ?? undefined,
      body: all.filter((i) => i.getRange().start.line > start && i.getRange().start.line < end),
    };
  });
  const vars = new Map<string, string>();
  for (const i of all.filter((x) => kw('ARG')(x) || kw('ENV')(x))) {
    for (const a of i.getArguments()) {
      const [n, ...v] = a.getValue().split('=');
      if (v.length) vars.set(n, v.join('='));
    }
  }
  const ctx: LintContext = { all, stages, vars };
  const out: LintFinding[] = [];
  for (const rule of RULES) {
    for (const f of rule.check(ctx)) {
      const pos =
        'getRange' in f.at ? { line: f.at.getRange().start.line + 1, col: f.at.getRange().start.character + 1 } : f.at;
      out.push({ rule: rule.id, severity: rule.severity, message: f.message, fix: f.fix, ...pos });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col || byCodePoint(a.rule, b.rule));
}
