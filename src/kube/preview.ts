// What applying a few objects would do to the live ones, without changing anything: each
// object is read, then server-side applied with dryRun=All, and both bodies are returned
// (server-owned fields removed) for a caller to compare. An object applied before keeps
// the applied-by label its last apply set, so the dry run does not show it removed.
import type { KubeTarget } from './client.js';
import { APPLIED_BY, labelled, ssa, stripServerFields } from './apply.js';
import { isNamespaced, resourcePath, type KubeObject } from './paths.js';

export interface PreviewedObject {
  ref: string;
  /** The live object as the server returned it (status included); absent when there is none. */
  live?: any;
  /** The object after the apply, as the dry run returned it; absent when the server refused it. */
  merged?: any;
  error?: string;
}

export async function previewApply(target: KubeTarget, objects: readonly KubeObject[]): Promise<PreviewedObject[]> {
  return Promise.all(
    objects.map(async (o): Promise<PreviewedObject> => {
      const ns = isNamespaced(o) ? `${o.metadata.namespace ?? target.namespace}/` : '';
      const ref = `${o.kind}/${ns}${o.metadata.name}`;
      const got = await target.request('GET', resourcePath(o, target.namespace));
      const live = got.status === 200 ? got.body : undefined;
      const app = live?.metadata?.labels?.[APPLIED_BY];
      const dry = await ssa(target, typeof app === 'string' ? labelled(o, app) : o, { dryRun: true, force: false });
      // A namespace this set creates does not exist yet: its objects would be created.
      if (dry.status === 404 && !live) return { ref, merged: stripServerFields(o) };
      if (dry.status >= 300)
        return { ref, live, error: `${ref}: ${dry.body?.message ?? `server answered ${dry.status}`}` };
      return { ref, live, merged: stripServerFields(dry.body) };
    }),
  );
}
