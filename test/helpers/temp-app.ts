// An app written for one test: a Dockerfile, the files its build copies and an
// app-config.yaml in a fresh directory, generated in-process like a fixture.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { ComponentId } from '../../src/plan/app-context.js';
import { loadAppConfig } from '../../src/app-config/index.js';
import { generateLoaded } from './generate.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';

export interface TempApp {
  name?: string;
  dockerfile: string;
  /** Build-context files by relative path (package.json, nginx.conf …). */
  files?: Record<string, string>;
  /** spec fields besides dockerfile and image. */
  spec?: Record<string, unknown>;
}

function writeTempApp(app: TempApp): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-app-'));
  writeFileSync(join(dir, 'Dockerfile'), app.dockerfile);
  for (const [path, text] of Object.entries(app.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const config = {
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name: app.name ?? 'web' },
    spec: { dockerfile: './Dockerfile', image: `ghcr.io/example/${app.name ?? 'web'}:1.0.0`, ...app.spec },
  };
  writeFileSync(join(dir, 'app-config.yaml'), stringify(config));
  return join(dir, 'app-config.yaml');
}

/** The generated tree of a temporary app, as generate() returns it for a fixture. */
export async function generateTempApp(app: TempApp, disabled: ComponentId[] = []) {
  const path = writeTempApp(app);
  // File-reading tools read only under the project root, which a deploy sets to the config's directory.
  setProjectRoot(dirname(path));
  try {
    const out = await generateLoaded(await loadAppConfig(path), disabled);
    if (out.failures.length) throw new Error(`tool calls failed:\n${out.failures.join('\n')}`);
    return out;
  } finally {
    setProjectRoot(undefined);
  }
}
