// One MCP resource = one file exporting a `defineResource(...)` value. Resources are
// reference material (catalogs, templates, runbooks) read from `templates/` data.
export interface ResourceDefinition {
  name: string;
  /** kaptain://<server>/<name> */
  uri: string;
  title: string;
  description: string;
  mimeType: 'application/json' | 'text/markdown' | 'application/yaml';
  read(): Promise<string> | string;
}

export function defineResource(def: ResourceDefinition): ResourceDefinition {
  return def;
}

export function resourceUri(server: string, name: string): string {
  return `kaptain://${server}/${name}`;
}
