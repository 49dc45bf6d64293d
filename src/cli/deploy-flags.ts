// The options of `kaptain-kube deploy`, as commander hands them over; the deploy run and
// its reports read them, so they live apart from the command's definition.
import type { ApprovalPolicy } from '../vocabulary.js';

export interface DeployFlags {
  generateOnly?: boolean;
  outputDir?: string;
  projectRoot?: string;
  planOnly?: boolean;
  dryRun?: boolean;
  /** Keep the session of a plan-only or dry run (they leave none otherwise). */
  record?: boolean;
  showComponents?: boolean;
  disableComponent?: string[];
  resourcesCpu?: string;
  resourcesMemory?: string;
  image?: string;
  analyzeVerbose?: boolean;
  yes?: boolean;
  force?: boolean;
  output?: string;
  interactive?: boolean;
  approval?: ApprovalPolicy;
  resume?: string;
  continue?: boolean;
  name?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  forceConflicts?: boolean;
  diff?: boolean;
  timeout?: number;
  prune?: boolean;
}
