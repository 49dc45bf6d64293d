// The AppDeployment JSON Schema, for editors (yaml-language-server modelines) and CI.
import { z } from 'zod';
import { appDeploymentSchema } from './schema.js';

export const SCHEMA_ID = 'https://kaptainkube.dev/schemas/app-deployment-v1.json';

export function appDeploymentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(appDeploymentSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'AppDeployment',
    description: 'A KaptainKube AppDeployment: a Dockerfile or image plus what the app needs in production.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
