// Exports a session: approved manifests as a directory or a kustomization, the
// conversation as Markdown or JSON. Only approved changes ever reach the workspace,
// so a rejected call's objects cannot appear in a manifest export.
import { stringify } from 'yaml';
import type { SessionEvent } from './events.js';
import { replay } from './state.js';
import { renderWorkspace, workspaceFiles } from '../manifests/workspace.js';
import { Redactor, secretValuesFromEnv } from './redact.js';

const EXPORT_FORMATS = ['manifests', 'kustomize', 'markdown', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The files an export writes, relative to its output directory (or one file for markdown/json). */
export function exportSession(raw: readonly SessionEvent[], format: ExportFormat): Map<string, string> {
  // Transcripts are redacted as they are written; this also covers ones written before a rule existed.
  const events = new Redactor(secretValuesFromEnv()).value(raw);
  const state = replay(events);
  switch (format) {
    case 'manifests':
      return renderWorkspace(state.workspace);
    case 'kustomize': {
      const files = renderWorkspace(state.workspace);
      // Kustomize builds Kubernetes objects; the CI/CD and monitoring folders hold them too.
      const resources = [...files.keys()].filter((p) => p.endsWith('.yaml'));
      // Kustomize's namespace transformer moves every object into its value — the Argo CD Application
      // out of argocd, a cluster-scoped custom resource into a namespace — and renames every Namespace
      // object. So it is set only when it changes nothing: one Namespace, and every other object in it.
      const objects = workspaceFiles(state.workspace).flatMap((f) => f.objects);
      const namespaces = objects.filter((o) => o.kind === 'Namespace');
      const only = namespaces.length === 1 ? namespaces[0].metadata.name : undefined;
      const namespace =
        only && objects.every((o) => o.kind === 'Namespace' || o.metadata.namespace === only) ? only : undefined;
      const kustomization = {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        ...(namespace ? { namespace } : {}),
        resources,
      };
      return new Map([...files, ['kustomization.yaml', stringify(kustomization, { lineWidth: 0 })]]);
    }
    case 'json':
      return new Map([['session.json', `${JSON.stringify({ events }, null, 2)}\n`]]);
    case 'markdown':
      return new Map([['session.md', toMarkdown(events)]]);
  }
}

function fence(text: string, lang = ''): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function toMarkdown(events: readonly SessionEvent[]): string {
  const out: string[] = [];
  const calls = new Map<string, Extract<SessionEvent, { type: 'tool.proposed' }>>();
  for (const e of events) {
    switch (e.type) {
      case 'session.started':
        out.push(
          `# Session ${e.sessionId}${e.name ? ` — ${e.name}` : ''}`,
          '',
          `- command: \`${e.command}\`${e.inputs.configPath ? ` on \`${e.inputs.configPath}\`` : ''}`,
          `- planner: ${e.planner}${e.model ? ` (${e.model})` : ''}`,
          `- approval policy: ${e.policy}`,
          `- started: ${e.at}`,
          '',
        );
        break;
      case 'user.message':
        out.push(`## User`, '', e.text, '');
        break;
      case 'assistant.message':
        out.push(`## Assistant`, '', e.text, '');
        break;
      case 'tool.proposed':
        calls.set(e.callId, e);
        out.push(
          `### Tool call \`${e.server}/${e.tool}\` (${e.callId}, ${e.readOnly ? 'read-only' : 'world-changing'})`,
          '',
        );
        for (const r of e.reasons) out.push(`- because ${r}`);
        out.push(
          '',
          '<details><summary>arguments</summary>',
          '',
          fence(JSON.stringify(e.args, null, 2), 'json'),
          '',
          '</details>',
          '',
        );
        break;
      case 'tool.decided':
        out.push(
          `**Decision:** ${e.decision} by ${e.by}${e.policy ? ` (policy ${e.policy})` : ''}${e.reason ? ` — ${e.reason}` : ''}`,
          '',
        );
        break;
      case 'tool.result':
        out.push(
          `**Result${e.isError ? ' (error)' : ''}:**`,
          '',
          fence(
            e.text.length > 4000 ? `${e.text.slice(0, 4000)}\n… (${e.text.length - 4000} more characters)` : e.text,
          ),
          '',
        );
        break;
      case 'workspace.changed':
        if (e.diff.length > 0)
          out.push(
            `**Workspace change:** ${e.diff.map((d) => `${d.path} (+${d.added} −${d.removed})`).join(', ')}`,
            '',
            fence(e.diff.map((d) => d.patch).join('\n'), 'diff'),
            '',
          );
        break;
      case 'permissions.changed':
        out.push(
          `_Permission ${e.action === 'add' ? 'granted' : 'revoked'}: ${e.rule.decision} ${e.rule.server}/${e.rule.tool} for this session._`,
          '',
        );
        break;
      case 'policy.changed':
        out.push(`_Approval policy changed to ${e.policy}._`, '');
        break;
      case 'export':
        out.push(`_Exported ${e.files} file(s) as ${e.format} to ${e.path}._`, '');
        break;
      case 'apply':
        out.push(`_Apply${e.dryRun ? ' (dry run)' : ''}: ${e.ok ? 'ok' : 'failed'} — ${e.summary}_`, '');
        break;
      case 'sampling':
        out.push(
          `_${e.server} asked to use the model (sampling): ${e.decision === 'approve' ? 'approved' : 'refused'} by ${e.by}${e.reason ? ` — ${e.reason}` : ''}._`,
          '',
          ...(e.answer ? [fence(e.answer), ''] : []),
        );
        break;
      case 'error':
        out.push(`> **Error:** ${e.message}`, '');
        break;
      case 'session.ended':
        out.push(`_Session ended: ${e.reason}._`, '');
        break;
    }
  }
  return `${out.join('\n')}\n`;
}
