// Slash commands that reach outside the session: export, sessions, tools, MCP servers.
import type { OpenSession } from '../agent/session-runner.js';
import type { SlashIntent } from './slash.js';

export async function runSlashEffect(intent: SlashIntent, session: OpenSession): Promise<string[]> {
  switch (intent.type) {
    case 'help':
      return ['Type a command for the agent (help lists them) or a /command; ? on a pending call lists the keys.'];
    case 'export': {
      const { exportSession } = await import('../sessions/export.js');
      const { writeTreeAtomically } = await import('../manifests/writer.js');
      const format = intent.kustomize ? 'kustomize' : 'manifests';
      const files = exportSession(session.file.read(), format);
      if (files.size === 0) return ['nothing approved yet to export'];
      // The same rules as `sessions export`: --force replaces only what kaptain-kube wrote there.
      try {
        await writeTreeAtomically(intent.path, files, { force: intent.force });
      } catch (err) {
        const { outputWriteError } = await import('../cli/output-dir.js');
        const refusal = outputWriteError(err, 'directory');
        if (!refusal) throw err;
        return [refusal.message, ...refusal.details];
      }
      await session.engine.emit({ type: 'export', format, path: intent.path, files: files.size });
      return [];
    }
    case 'sessions': {
      const { SessionStore } = await import('../sessions/store.js');
      const list = new SessionStore().list();
      return list.length ? list.map((s) => `${s.id}  ${s.command.padEnd(6)} ${String(s.events).padStart(5)} events${s.pending ? '  awaiting approval' : ''}${s.name ? `  ${s.name}` : ''}`) : ['no sessions'];
    }
    case 'resume':
      return [`quit, then run: kaptain-kube chat --resume ${intent.id}`];
    case 'tools':
    case 'mcp': {
      const lines: string[] = [];
      for (const server of session.hub.serverNames()) {
        const tools = await session.hub.listTools(server).catch((err: Error) => err);
        lines.push(tools instanceof Error ? `${server}: failed — ${tools.message}` : intent.type === 'mcp' ? `${server}: connected, ${tools.length} tools` : `${server}: ${tools.map((t) => t.name).join(', ')}`);
      }
      return lines;
    }
    case 'model':
      return [intent.model ? 'the model is chosen when the session starts: --model NAME or KAPTAIN_MODEL' : `model: ${session.started.model ?? '(rules planner, no model)'}`];
    case 'models':
      return ['list models with your server (e.g. ollama list); choose one with --model'];
    default:
      return [];
  }
}
