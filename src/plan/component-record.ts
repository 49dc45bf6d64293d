// The shape of a component record (see registry.ts): plain data plus two small functions,
// so that records stay declarations and the registry stays the only place that reads them.
import type { ApiKind } from '../kube/capabilities.js';
import type { AppDeployment } from '../app-config/schema.js';
import type { AppContext } from './app-context.js';
import type { FileKey } from './layout.js';
import type { Reason } from './types.js';

/** One tool call a component makes. */
export interface StepRecord {
  /** Plan step id, unique within a plan ("deployment", "load-balancer"); steps of one id are alternatives. */
  id: string;
  server: string;
  tool: string;
  /**
   * Where this tool's objects sit within a file other tools also write: lower first. Depends only
   * on the tool, never on the order calls were made, so any planner making the same calls writes
   * the same bytes. A tool used by two steps has one rank; fractions slot a tool between two others.
   */
  rank: number;
  /** Output files the tool writes. */
  files: readonly FileKey[];
  /** Only when this holds for the resolved app (the other steps of the same id cover the rest). */
  when?: (app: AppContext) => boolean;
}

export interface ComponentRecord {
  id: string;
  /** One line for the plan: what the component adds. */
  summary: string;
  /** Names people type for it in `--disable-component` and chat ("istio"). An alias may name several components. */
  aliases?: readonly string[];
  /** Components it is useless without: when one is off, this one goes too. */
  requires?: readonly string[];
  /** The app cannot do without it: it cannot be disabled. */
  core?: boolean;
  /** Where its steps sit in the plan, lower first: the order a platform engineer reviews them. */
  review: number;
  steps: readonly StepRecord[];
  /** API kinds the cluster must serve for its objects (custom resources); built-in kinds need no entry. */
  kinds?: readonly ApiKind[];
  /**
   * Whether an app gets it. The built-in components are decided by the selection matrix
   * (components.ts); a component the matrix does not know is decided here (off when absent).
   */
  select?: (config: AppDeployment) => { enabled: boolean; reasons: Reason[] };
}
