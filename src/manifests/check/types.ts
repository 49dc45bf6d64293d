// Plain data shared by the cluster-semantics check: the entries it reads (with the
// line of each object's document), its findings, the facts a caller may add, and
// the flows of the reachability matrix.
import type { Entry, Labels } from '../readiness/manifest-set.js';

export interface CheckEntry extends Entry {
  file: string;
  /** 1-based line where the object's document starts in its file. */
  line: number;
}

type Severity = 'error' | 'warning';

export interface CheckFinding {
  severity: Severity;
  rule: string;
  file: string;
  line: number;
  /** Kind/name of the object the finding is about. */
  subject: string;
  message: string;
}

/** A dependency the caller knows about that the tree itself may not show (e.g. from the Dockerfile analysis). */
interface DependencyFact {
  name: string;
  /** A host as the app dials it: a Service name, `svc.ns`, a cluster FQDN, an external host or an IP. */
  host: string;
  port: number;
  protocol?: 'TCP' | 'UDP';
}

/** An environment variable the image sets (Dockerfile ENV), with where it was set. */
interface ImageEnvFact {
  name: string;
  value: string;
  source?: string;
}

export interface CheckFacts {
  dependencies?: DependencyFact[];
  imageEnv?: ImageEnvFact[];
  /** The workload that runs the image the facts describe (its name); every long-running workload when absent. */
  app?: string;
}

/** Whether facts about the app image apply to a pod of the tree named Kind/name. */
export const runsApp = (facts: CheckFacts, podName: string): boolean =>
  !facts.app || podName.split('/')[1] === facts.app;

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: string;
}

/** One end of a flow: pods of the tree, or a party outside it (controller, operator, the internet). */
export interface Peer {
  name: string;
  namespace?: string;
  /** Labels of the namespace; undefined for addresses outside the cluster. */
  nsLabels?: Labels;
  /** Pod labels; undefined when not known (a pod outside the tree). */
  labels?: Labels;
  ports: ContainerPort[];
  /** An address outside the cluster: an IP, or undefined for a host name. */
  ip?: string;
  external?: boolean;
  inTree: boolean;
  at?: CheckEntry;
}

type FlowKind = 'ingress' | 'dependency' | 'dns' | 'metrics' | 'operator' | 'unlisted';

export interface Flow {
  kind: FlowKind;
  from: Peer;
  to: Peer;
  /** A port number, or a port name resolved on the destination pod. */
  port: number | string;
  protocol: string;
  /** Why the tree implies the flow, e.g. "Ingress/blog-api /api". */
  because: string;
  at: CheckEntry;
}

export interface MatrixRow {
  kind: FlowKind;
  from: string;
  to: string;
  port: string;
  /** What should happen: implied flows must be allowed, unlisted probes denied. */
  expect: 'allowed' | 'denied';
  verdict: 'allowed' | 'denied';
  why: string;
  because: string;
}

export type Report = (at: CheckEntry, severity: Severity, rule: string, message: string) => void;
