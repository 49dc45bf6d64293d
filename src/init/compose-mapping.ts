// What each part of the mapping of one Compose service works on: the project, the
// service and its draft, and where to report what is not carried.
import type { YamlPath } from '../app-config/positions.js';
import type { ComposeProject, Service } from './compose-read.js';
import type { Draft } from './draft.js';

export interface ServiceMapping {
  p: ComposeProject;
  /** The service's name in the Compose file. */
  name: string;
  svc: Service;
  d: Draft;
  /** A path below this service, for messages. */
  at: (...path: (string | number)[]) => YamlPath;
  /** A warning at a path (`key`: at the key rather than its value). */
  warn: (path: YamlPath, message: string, key?: boolean) => void;
  /** An error at a path: init writes nothing. */
  fail: (path: YamlPath, message: string) => void;
}

export const quoted = (v: unknown) => JSON.stringify(v);
