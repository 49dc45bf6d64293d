// One MCP prompt = one file exporting a `definePrompt(...)` value: a common task a
// person starts from any MCP client (Gemini CLI lists them as slash commands), written
// as the user message that asks the model to carry it out with this server's tools.
interface PromptArgument {
  name: string;
  description: string;
  required?: boolean;
  /** Values for completion/complete; read lazily, so defining a prompt costs nothing at load. */
  values?(): readonly string[] | Promise<readonly string[]>;
}

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: PromptArgument[];
  /** The user message; every required argument is present. */
  text(args: Record<string, string>): string;
}

export function definePrompt(def: PromptDefinition): PromptDefinition {
  return def;
}
