// Everything a previewed call's card carries besides its diff: the verdict and the blast
// radius of changing the tree before the call into the tree after it. A review that
// fails (an unreachable cluster, a check that throws) leaves the card without that part
// rather than stopping the session.
import type { Workspace } from '../manifests/workspace.js';
import type { BlastRadius, CardVerdict } from '../sessions/card-review.js';
import type { KubeOptions } from '../kube/client.js';
import { cardVerdict } from './card-verdict.js';
import { blastRadius, type ClusterAccess } from './blast-radius.js';

export interface CardReview {
  verdict?: CardVerdict;
  blast?: BlastRadius;
}

export class CardReviewer {
  private access?: ClusterAccess | null;

  /** `cluster`: the kubeconfig, context and namespace a run applies to; none for runs without a cluster. */
  constructor(private readonly cluster?: KubeOptions) {}

  private async target(): Promise<ClusterAccess | undefined> {
    if (this.access === undefined) {
      // The cluster client is loaded only by runs that have a cluster.
      const loaded = this.cluster ? (await import('../kube/client.js')).loadKube(this.cluster) : undefined;
      this.access = loaded && 'target' in loaded ? { target: loaded.target } : null;
    }
    return this.access ?? undefined;
  }

  async review(before: Workspace, after: Workspace): Promise<CardReview> {
    const [verdict, blast] = await Promise.all([
      cardVerdict(before, after).catch(() => undefined),
      this.target()
        .then((cluster) => blastRadius(before, after, cluster))
        .catch(() => undefined),
    ]);
    return { ...(verdict ? { verdict } : {}), ...(blast ? { blast } : {}) };
  }
}
