// Tool names as LLM providers accept them: `<server>_<tool>`, only [a-zA-Z0-9_-],
// at most 64 characters; a stable hash suffix keeps long or colliding names unique.
// The map goes both ways, so a model's call finds its server and tool again.
import { createHash } from 'node:crypto';

const MAX_TOOL_NAME = 64;

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

export function toolNameFor(server: string, tool: string): string {
  const raw = `${server}_${tool}`;
  const clean = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (clean.length <= MAX_TOOL_NAME && clean === raw) return clean;
  // Sanitised or shortened names carry a hash of the original, so two never meet.
  const suffix = `_${hash(raw)}`;
  return clean.slice(0, MAX_TOOL_NAME - suffix.length) + suffix;
}

export class ToolNameMap {
  private readonly byName = new Map<string, { server: string; tool: string }>();
  private readonly byPair = new Map<string, string>();

  add(server: string, tool: string): string {
    const key = `${server}\u0000${tool}`;
    const existing = this.byPair.get(key);
    if (existing) return existing;
    let name = toolNameFor(server, tool);
    for (let i = 2; this.byName.has(name); i++) {
      const suffix = `_${i}`;
      name = toolNameFor(server, tool).slice(0, MAX_TOOL_NAME - suffix.length) + suffix;
    }
    this.byName.set(name, { server, tool });
    this.byPair.set(key, name);
    return name;
  }

  nameFor(server: string, tool: string): string {
    return this.byPair.get(`${server}\u0000${tool}`) ?? this.add(server, tool);
  }

  resolve(name: string): { server: string; tool: string } | undefined {
    return this.byName.get(name);
  }
}
