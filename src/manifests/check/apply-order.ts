// Apply order: `kubectl apply -R` sends objects one by one in file order, and the API
// server refuses a namespaced object whose Namespace does not exist yet (the
// NamespaceLifecycle admission plugin answers 404 `namespaces "x" not found`).
// CRDs are assumed installed; the namespaces every cluster has exist from the start.
import { isNamespaced } from '../../kube/paths.js';
import { ref } from '../readiness/manifest-set.js';
import type { CheckEntry, Report } from './types.js';

const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function applyOrder(entries: CheckEntry[], report: Report): void {
  const created = new Set(BUILTIN_NAMESPACES);
  const declared = new Map<string, CheckEntry>();
  for (const e of entries)
    if (e.obj.kind === 'Namespace' && e.obj.apiVersion === 'v1') declared.set(e.obj.metadata.name, e);
  const missingReported = new Set<string>();
  for (const e of entries) {
    const { obj } = e;
    if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') {
      created.add(obj.metadata.name);
      continue;
    }
    const ns = obj.metadata.namespace;
    // Without a namespace the object lands in the context's namespace, which exists.
    if (!ns || !isNamespaced(obj as never) || created.has(ns)) continue;
    const later = declared.get(ns);
    if (later) {
      report(
        e,
        'error',
        'KK-CHK-APPLY-ORDER',
        `${ref(obj)} is applied before its Namespace ${ns} (${later.file}:${later.line}); on an empty cluster the API server answers namespaces "${ns}" not found`,
      );
    } else if (!missingReported.has(ns)) {
      missingReported.add(ns);
      report(
        e,
        'warning',
        'KK-CHK-NAMESPACE-MISSING',
        `namespace ${ns} is not in the tree; ${ref(obj)} and the other objects in it apply only where it already exists`,
      );
    }
  }
}
