// A Plan: which components an app gets, why, and the tool calls that produce them.
// Pure data, so it can be printed, serialised into a transcript and replayed.
import type { AppContext, ComponentId } from './app-context.js';

type ReasonSource = 'config' | 'dockerfile' | 'requirement' | 'default' | 'flag' | 'estimate';

/** Provenance for a decision: "Kong Ingress + cert-manager ← EXPOSE 443, Dockerfile:12". */
export interface Reason {
  text: string;
  source: ReasonSource;
  /** "spec.ports[0]", "Dockerfile:12", "requirements[1]", "--disable-component". */
  ref?: string;
}

export interface PlannedComponent {
  id: ComponentId;
  enabled: boolean;
  /** One-line description: "Kong Ingress with TLS from cert-manager". */
  summary: string;
  reasons: Reason[];
}

export interface PlanStep {
  /** Unique within a plan; also the key of this step's contribution to the workspace. */
  id: string;
  component: ComponentId | 'analysis' | 'validation';
  server: string;
  tool: string;
  args: Record<string, unknown>;
  reasons: Reason[];
}

/** A change the plan would make but the config decided otherwise; chat can accept it. */
export interface Suggestion {
  text: string;
  reason: Reason;
  minReplicas: number;
  maxReplicas: number;
}

export interface Plan {
  app: AppContext;
  components: PlannedComponent[];
  steps: PlanStep[];
  /** Resource figures and where they came from (config, flag or estimate). */
  resources: { cpu: string; memory: string; reason: Reason };
  warnings: string[];
  /** What the requirements would change where the config's own values win. */
  suggestions: Suggestion[];
}
