// A card's verdict: the manifest checks (schemas, readiness, cluster semantics) run on the
// tree as it would be after the call, keeping only the findings the tree before it did not
// have, each with the file and line of its object. Whether a policy that would run the call
// stops on it instead is decided here too, so every face says the same.
import type { Finding, GeneratedFile } from '../manifests/result.js';
import { workspaceFiles, type Workspace } from '../manifests/workspace.js';
import { objectToYaml } from '../manifests/yaml.js';
import type { CardVerdict, VerdictFinding } from '../sessions/card-review.js';
import type { EventOf, Policy } from '../sessions/events.js';

/** The check reports its own line first in the message ("line 12: …"); lines move as objects are added. */
const LINE_PREFIX = /^line (\d+): /;

/**
 * Findings that only say the tree lacks an object: a flow to a host not in the tree, a
 * target not in the set, a selector that matches nothing yet, a workload nothing scales yet. While a tree is being built, a later
 * step often adds it; they stop a policy only when the call removed an object.
 */
const LACKS = /not in the (tree|set)\b|\(not in the tree\)|matches no [\w ]+ in the set/;
const LACKS_RULES = new Set(['KK-CHK-ZERO-REPLICAS']);

const objectKey = (o: GeneratedFile['objects'][number]) =>
  `${o.kind}/${(o.metadata as { namespace?: string }).namespace ?? ''}/${o.metadata.name}`;

/** The 1-based line each object's document starts on, per file, as the files are rendered. */
function documentLines(files: readonly GeneratedFile[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const f of files) {
    const lines = new Map<string, number>();
    let line = 1;
    for (const o of f.objects) {
      const subject = `${o.kind}/${o.metadata.name}`;
      if (!lines.has(subject)) lines.set(subject, line);
      line += objectToYaml(o).split('\n').length;
    }
    out.set(f.path, lines);
  }
  return out;
}

interface Located extends VerdictFinding {
  /** What makes two findings the same across trees: everything but the line. */
  id: string;
}

async function findingsOf(files: GeneratedFile[]): Promise<Located[]> {
  // The checks load with the first card, not with every command that imports the engine.
  const { validateManifests } = await import('../manifests/validate.js');
  const report = await validateManifests(files);
  const lines = documentLines(files);
  return report.findings
    .filter((f): f is Finding & { severity: 'error' | 'warning' } => f.severity !== 'info')
    .map((f) => {
      const m = LINE_PREFIX.exec(f.message);
      const message = m ? f.message.slice(m[0].length) : f.message;
      const line = m ? Number(m[1]) : f.file && f.subject ? lines.get(f.file)?.get(f.subject) : undefined;
      return {
        severity: f.severity,
        rule: f.rule,
        ...(f.subject ? { subject: f.subject } : {}),
        ...(f.file ? { file: f.file } : {}),
        ...(line ? { line } : {}),
        message,
        id: `${f.severity}|${f.rule}|${f.subject ?? ''}|${message}`,
      };
    });
}

// One call's tree after is the next call's tree before: the findings of a tree are kept,
// keyed by the identity of the object lists it is made of (contributions are never
// changed in place; a step that runs again brings new lists), for the last few trees.
const listIds = new WeakMap<object, number>();
let nextListId = 0;
const listId = (o: object) => {
  let id = listIds.get(o);
  if (id === undefined) listIds.set(o, (id = nextListId++));
  return id;
};
const treeKey = (ws: Workspace) =>
  Object.keys(ws)
    .sort()
    .map((step) => `${step}@${ws[step].order}:${ws[step].files.map((f) => `${f.path}#${listId(f.objects)}`).join(',')}`)
    .join(';');
const recentTrees = new Map<string, Promise<Located[]>>();
const RECENT_TREES = 16;

function treeFindings(ws: Workspace, files: GeneratedFile[]): Promise<Located[]> {
  const key = treeKey(ws);
  let found = recentTrees.get(key);
  if (!found) {
    found = findingsOf(files);
    recentTrees.set(key, found);
    found.catch(() => recentTrees.delete(key));
    if (recentTrees.size > RECENT_TREES) recentTrees.delete(recentTrees.keys().next().value!);
  }
  return found;
}

/** The verdict of changing the tree `before` into `after`. */
export async function cardVerdict(before: Workspace, after: Workspace): Promise<CardVerdict> {
  const [beforeFiles, afterFiles] = [workspaceFiles(before), workspaceFiles(after)];
  const [was, now] = await Promise.all([treeFindings(before, beforeFiles), treeFindings(after, afterFiles)]);
  const wasIds = new Set(was.map((f) => f.id));
  const nowIds = new Set(now.map((f) => f.id));
  const kept = new Set(afterFiles.flatMap((f) => f.objects.map(objectKey)));
  const removed = beforeFiles.some((f) => f.objects.some((o) => !kept.has(objectKey(o))));
  const added = now
    .filter((f) => !wasIds.has(f.id))
    .map(({ id: _id, ...f }) =>
      f.severity === 'error' && !removed && (LACKS.test(f.message) || LACKS_RULES.has(f.rule))
        ? { ...f, provisional: true }
        : f,
    );
  return { added, cleared: [...wasIds].filter((id) => !nowIds.has(id)).length };
}

/** Errors the call adds that a policy stops on. */
export function blockingErrors(v: CardVerdict | undefined): VerdictFinding[] {
  return (v?.added ?? []).filter((f) => f.severity === 'error' && !f.provisional);
}

export function formatVerdictFinding(f: VerdictFinding): string {
  const at = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : '';
  return `${at}${f.rule}: ${f.severity}: ${f.subject ? `${f.subject}: ` : ''}${f.message}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The card's one line: `✗ 2 new errors · ! 1 warning`, or that the checks find nothing new. */
export function verdictLine(v: CardVerdict): string {
  const errors = v.added.filter((f) => f.severity === 'error');
  const warnings = v.added.length - errors.length;
  const parts: string[] = [];
  if (errors.length) {
    const waiting = errors.filter((f) => f.provisional).length;
    const lacking = waiting ? ` (${waiting} about an object not in the tree yet)` : '';
    parts.push(`✗ ${plural(errors.length, 'new error')}${lacking}`);
  }
  if (warnings) parts.push(`! ${plural(warnings, 'warning')}`);
  if (v.cleared) parts.push(`✓ clears ${v.cleared}`);
  return parts.length ? parts.join(' · ') : '✓ no new findings';
}

/** The card's line for a call the policy stopped on; its findings are listed above it. */
export function stopLine(p: EventOf<'tool.proposed'>, policy: Policy): string | undefined {
  if (!stopReason(p, policy)) return undefined;
  const n = blockingErrors(p.verdict).length;
  return `policy "${policy}" stops here: the call adds ${plural(n, 'error')} (y approves it anyway)`;
}

/**
 * Why a call that the policy (auto-read, yes) would run waits for a person instead: its
 * result adds errors. Undefined when it does not, or when --force said to run it anyway.
 */
export function stopReason(p: EventOf<'tool.proposed'>, policy: Policy, force = false): string | undefined {
  if (force || (policy !== 'auto-read' && policy !== 'yes')) return undefined;
  // auto-read asks about a world-changing call anyway: that is not this stop.
  if (policy === 'auto-read' && !p.readOnly) return undefined;
  const errors = blockingErrors(p.verdict);
  if (errors.length === 0) return undefined;
  return `${p.server}/${p.tool} would add ${plural(errors.length, 'error')} to the manifests (${formatVerdictFinding(errors[0])}${errors.length > 1 ? `, and ${errors.length - 1} more` : ''}); policy "${policy}" stops on it: approve it yourself, or run with --force`;
}
