// The AppDeployment JSON Schema, for editors (yaml-language-server modelines) and CI.
// Generated from the zod schema the loader validates with, then adjusted where JSON
// Schema cannot say what the loader does: it must accept exactly what `validate` accepts.
import { stringify } from 'yaml';
import { z } from 'zod';
import { PROTOCOLS, appDeploymentSchema } from './schema.js';

const SCHEMA_ID = 'https://kaptainkube.dev/schemas/app-deployment-v1.json';
/** Where the package ships the generated schema; fixture modelines point here. */
export const SCHEMA_FILE = 'schema/app-deployment.schema.json';

type Json = Record<string, unknown>;

/** "gRPC" -> "[gG][rR][pP][cC]": JSON Schema patterns have no case-insensitive flag. */
const anyCase = (word: string) =>
  [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');

/** The loader lower-cases `protocol` before matching; keep the canonical enum for completion, accept any case. */
function protocolSchema(old: Json): Json {
  const { enum: _canonical, type: _type, ...rest } = old;
  return {
    ...rest,
    type: 'string',
    anyOf: [{ enum: [...PROTOCOLS] }, { pattern: `^(${PROTOCOLS.map(anyCase).join('|')})$` }],
  };
}

/** Drops keywords zod invents ("format": "starts_with"); the pattern beside it already says the same. */
function standardOnly(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(standardOnly);
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.format === 'starts_with' || o.format === 'ends_with' || o.format === 'includes') delete o.format;
  if (o.minLength === 0) delete o.minLength;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'protocol' && value && typeof value === 'object' && Array.isArray((value as Json).enum))
      o[key] = protocolSchema(value as Json);
    standardOnly(o[key]);
  }
}

export function appDeploymentJsonSchema(): Json {
  const schema = z.toJSONSchema(appDeploymentSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  standardOnly(schema);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'AppDeployment',
    description:
      'A KaptainKube AppDeployment: a Dockerfile or image plus what the app needs in production. Written by `kaptain-kube schema`.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The schema as the package ships it (stable key order, trailing newline). */
export const appDeploymentJsonSchemaText = (): string => `${JSON.stringify(appDeploymentJsonSchema(), null, 2)}\n`;

/** The same schema as YAML, for those who keep it beside their configs in that form. */
export const appDeploymentJsonSchemaYaml = (): string => stringify(appDeploymentJsonSchema());
