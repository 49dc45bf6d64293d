// Runbook links: alert names map to the headings of templates/runbooks.md, published
// wherever the user keeps runbooks (spec.components.monitoring.runbookBaseUrl).

/** The runbook_url annotation for an alert: `<base>#<anchor>`, or none when no base is known. */
export function runbookLink(alert: string, base: string | undefined): { runbook_url?: string } {
  if (!base) return {};
  return { runbook_url: `${base}#${alert.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}` };
}
