// Runbook anchors: alert names map to the headings of templates/runbooks.md.
import { resourceUri } from './resource.js';

export const RUNBOOK_RESOURCE = resourceUri('monitoring-observability', 'alert_runbooks');

export function runbookUrl(alert: string, base = RUNBOOK_RESOURCE): string {
  return `${base}#${alert.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;
}
