// A project without a Compose file: each Dockerfile found becomes a draft from what
// the Dockerfile analysis learns (ports, health path, GPU, database).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { analyzeDockerfile } from '../dockerfile/analyze.js';
import { dnsLabel } from './compose-values.js';
import { factsFields, newDraft, setField, type Draft } from './draft.js';

/** Dockerfiles init looks at: DIR/Dockerfile, else DIR/<sub>/Dockerfile one level down. */
export function findDockerfiles(dir: string): string[] {
  const isFile = (p: string) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (isFile(join(dir, 'Dockerfile'))) return [join(dir, 'Dockerfile')];
  const subs = readdirSync(dir, { withFileTypes: true }).filter(
    (e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules',
  );
  return subs
    .map((e) => join(dir, e.name, 'Dockerfile'))
    .filter(isFile)
    .sort();
}

/** The app's name: package.json's, else the directory's. */
function nameOf(contextDir: string): { value: string; source: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(contextDir, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string' && pkg.name) {
      const bare = pkg.name.replace(/^@[^/]+\//, '');
      return { value: dnsLabel(bare), source: `package.json name "${pkg.name}"` };
    }
  } catch {
    /* no package.json or not JSON: the directory name */
  }
  return { value: dnsLabel(basename(contextDir)), source: `directory ${basename(contextDir)}` };
}

export async function draftsFromDockerfiles(dir: string, dockerfiles: string[]): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const abs of dockerfiles) {
    const contextDir = join(abs, '..');
    const relDf = `./${relative(dir, abs)}`;
    const ctx = relative(dir, contextDir);
    const d = newDraft(ctx || basename(dir), nameOf(contextDir));
    setField(d, ['spec', 'dockerfile'], relDf, `found ${relative(dir, abs)}`);
    if (ctx) setField(d, ['spec', 'buildContext'], `./${ctx}`, "the Dockerfile's directory");
    const facts = await analyzeDockerfile({ dockerfilePath: relative(process.cwd(), abs) || abs, contextDir });
    factsFields(d, facts, { ports: true });
    d.notes.push(
      'spec.image is not set: deploy uses registry.local/<name>:0.1.0 until you name the image your pipeline pushes',
    );
    drafts.push(d);
  }
  if (drafts.length > 1) for (const d of drafts) d.file = `${dnsLabel(d.service)}.app-config.yaml`;
  return drafts;
}
