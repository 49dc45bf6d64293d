// A previewed call: a built-in generator declared pure runs before the decision, so its
// card can show the diff it makes, the verdict and the blast radius. The outcome is kept
// until the call is decided, so an approved call with the same arguments does not run twice.
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallOutcome } from '../mcp-client/hub.js';
import { diffTrees } from '../manifests/diff.js';
import {
  renderWorkspace,
  scopedFiles,
  scopedKey,
  scopeOnly,
  touchedPaths,
  withContribution,
  withoutStep,
  type Workspace,
} from '../manifests/workspace.js';
import type { GeneratedFile } from '../manifests/result.js';
import { containResult } from '../manifests/paths.js';
import type { FileDiffData } from '../sessions/events.js';
import { contributionKey, registry } from '../plan/registry.js';
import type { KubeOptions } from '../kube/client.js';
import { CardReviewer, type CardReview } from './card-review.js';

/** The part of the hub that runs tools. */
export interface ToolCaller {
  callTool(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    options?: { signal?: AbortSignal; onProgress?: (p: Progress) => void },
  ): Promise<ToolCallOutcome>;
}

/** A call as it is previewed: with the session's pins already applied. */
interface PreviewCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  scope?: string;
}

interface Preview {
  args: Record<string, unknown>;
  outcome: ToolCallOutcome;
  /** The workspace the diff was made against; absent for a call that writes no files. */
  workspace?: Workspace;
  diff?: FileDiffData[];
  review?: CardReview;
}

export class CallPreviews {
  private readonly cache = new Map<string, Preview>();
  private readonly reviewer: CardReviewer;

  /** `workspace`: the session's workspace as it is at the moment of asking. */
  constructor(
    private readonly hub: ToolCaller,
    private readonly workspace: () => Workspace,
    cluster?: KubeOptions,
  ) {
    this.reviewer = new CardReviewer(cluster);
  }

  /** Runs the call and keeps its outcome; returns the diff it would make, or undefined when it writes no files. */
  async run(callId: string, call: PreviewCall, signal?: AbortSignal): Promise<FileDiffData[] | undefined> {
    const outcome = containResult(await callHub(this.hub, call.server, call.tool, call.args, signal));
    const raw = filesOf(outcome);
    if (!raw) {
      this.cache.set(callId, { args: call.args, outcome });
      return undefined;
    }
    const files = scopedFiles(call.scope, raw);
    const before = this.workspace();
    const key = scopedKey(call.scope, contributionKey(call.server, call.tool));
    const { next, diff } = changeOf(before, key, registry.toolRank(call.server, call.tool), files);
    // The card's verdict and blast radius compare the whole tree before and after the call.
    // An app of a system is judged on its own part of the tree, so each card costs the same
    // however many apps there are; the whole set is validated once at the end.
    const review = await this.reviewer.review(scopeOnly(before, call.scope), scopeOnly(next, call.scope));
    this.cache.set(callId, { args: call.args, outcome, workspace: this.workspace(), diff, review });
    return diff;
  }

  review(callId: string): CardReview | undefined {
    return this.cache.get(callId)?.review;
  }

  forget(callId: string): void {
    this.cache.delete(callId);
  }

  /** The preview of a call about to run, removed: it is used once or not at all. */
  take(callId: string): Preview | undefined {
    const cached = this.cache.get(callId);
    this.cache.delete(callId);
    return cached;
  }

  /** The preview ran with these arguments: executing them reuses its outcome. */
  rebind(callId: string, args: Record<string, unknown>): void {
    const cached = this.cache.get(callId);
    if (cached) cached.args = args;
  }
}

/** The workspace after a tool writes `files` under `key`, and the diff of the files it touches. */
export function changeOf(
  ws: Workspace,
  key: string,
  order: number,
  files: GeneratedFile[],
): { next: Workspace; diff: FileDiffData[] } {
  // Only the files this call writes (or wrote before) can change.
  const paths = touchedPaths(ws, key, files);
  const next = files.length === 0 ? withoutStep(ws, key) : withContribution(ws, { step: key, order, files });
  return { next, diff: diffTrees(renderWorkspace(ws, paths), renderWorkspace(next, paths)) };
}

/** A hub that throws (a fault it did not turn into a result) still gives the session an error result. */
export async function callHub(
  hub: ToolCaller,
  server: string,
  tool: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
  onProgress?: (p: Progress) => void,
): Promise<ToolCallOutcome> {
  try {
    return await hub.callTool(server, tool, args, { signal, onProgress });
  } catch (err) {
    if (signal?.aborted) throw err;
    const text = `${server}/${tool} failed: ${(err as Error)?.message ?? String(err)}`;
    return { isError: true, text, raw: { content: [{ type: 'text', text }], isError: true } };
  }
}

export function filesOf(outcome: ToolCallOutcome): GeneratedFile[] | undefined {
  const files = outcome.structured?.files;
  return Array.isArray(files) ? (files as GeneratedFile[]) : undefined;
}
