// Dockerfile + build context → DockerfileFacts, each fact with the line it came from.
// The parse is pure over text; the build context is read through a small reader so
// tests can pass files directly.
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DockerfileParser, type Instruction, type From } from 'dockerfile-ast';
import { dependencyFromEnv, dependenciesIn, databaseOfImage, frameworksIn, isGpuImage, languageOfImage, MANIFEST_KINDS } from './detect.js';
import type { BaseImage, Dependency, DockerfileFacts, Language, SourceRef } from './facts.js';

export interface ContextReader {
  read(relPath: string): Promise<string | undefined>;
  list(): Promise<string[]>;
}

export function fsContext(dir: string): ContextReader {
  return {
    read: (rel) => readFile(join(dir, rel), 'utf8').catch(() => undefined),
    list: () => readdir(dir).catch(() => []),
  };
}

const lineOf = (i: Instruction) => i.getRange().start.line + 1;

/** Replaces $VAR and ${VAR} (with :- defaults) from the variables known at that point. */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string, def: string | undefined, b: string) => {
    const v = vars.get(a ?? b);
    return v !== undefined && v !== '' ? v : (def ?? '');
  });
}

function argsOf(i: Instruction): string[] {
  return i.getArguments().map((a) => a.getValue());
}

/** CMD/ENTRYPOINT as an argv: exec form as written, shell form wrapped in sh -c. */
function commandOf(i: Instruction): string[] {
  const raw = (i.getRawArgumentsContent() ?? '').trim();
  if (raw.startsWith('[')) {
    try {
      return JSON.parse(raw) as string[];
    } catch {
      /* fall through to shell form */
    }
  }
  return ['/bin/sh', '-c', raw];
}

export function parseDuration(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
}

export async function analyzeDockerfile(opts: { dockerfilePath: string; contextDir: string; text?: string; context?: ContextReader }): Promise<DockerfileFacts> {
  const text = opts.text ?? (await readFile(opts.dockerfilePath, 'utf8'));
  return analyzeText(text, opts.dockerfilePath, opts.context ?? fsContext(resolve(opts.contextDir)));
}

export async function analyzeText(text: string, file: string, context: ContextReader): Promise<DockerfileFacts> {
  const df = DockerfileParser.parse(text);
  const ref = (i: Instruction): SourceRef => ({ file, line: lineOf(i), instruction: i.getKeyword() });
  const globalArgs = new Map<string, string>();
  for (const a of df.getInitialARGs()) {
    const p = a.getProperty();
    if (p) globalArgs.set(p.getName(), p.getValue() ?? '');
  }
  const stages: DockerfileFacts['stages'] = [];
  const stageNames = new Set<string>();
  let vars = new Map(globalArgs);
  let stageFacts = emptyStage();
  const all: ReturnType<typeof emptyStage>[] = [];
  const allArgs: DockerfileFacts['args'] = [];

  for (const ins of df.getInstructions()) {
    const kw = ins.getKeyword();
    if (kw === 'FROM') {
      const from = ins as From;
      const rawImage = substitute(from.getImage() ?? '', globalArgs);
      const name = substitute(from.getImageName() ?? rawImage, globalArgs);
      const stageName = from.getBuildStage() ?? undefined;
      const base: BaseImage = {
        raw: rawImage,
        name,
        tag: from.getImageTag() ? substitute(from.getImageTag()!, globalArgs) : undefined,
        digest: from.getImageDigest() ?? undefined,
        stage: stageName,
        isStage: stageNames.has(name),
        source: ref(ins),
      };
      if (stages.length > 0) all.push(stageFacts);
      stageFacts = emptyStage();
      stageFacts.base = base;
      stages.push({ name: stageName, index: stages.length, base });
      if (stageName) stageNames.add(stageName);
      vars = new Map(globalArgs);
      continue;
    }
    const s = stageFacts;
    switch (kw) {
      case 'ARG': {
        for (const a of argsOf(ins)) {
          const [n, ...rest] = a.split('=');
          const v = rest.length ? rest.join('=') : (globalArgs.get(n) ?? undefined);
          if (v !== undefined) vars.set(n, v);
          allArgs.push({ name: n, defaultValue: rest.length ? rest.join('=') : undefined, source: ref(ins) });
        }
        break;
      }
      case 'ENV': {
        for (const p of (ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
          const value = substitute(p.getValue() ?? '', vars);
          vars.set(p.getName(), value);
          s.env.push({ name: p.getName(), value, source: ref(ins) });
        }
        break;
      }
      case 'EXPOSE':
        for (const a of argsOf(ins)) {
          const [port, proto] = substitute(a, vars).split('/');
          const n = Number(port);
          if (Number.isInteger(n) && n >= 1 && n <= 65535) s.exposed.push({ port: n, protocol: proto?.toLowerCase() === 'udp' ? 'udp' : 'tcp', source: ref(ins) });
        }
        break;
      case 'USER': {
        const raw = substitute(argsOf(ins).join(' '), vars);
        const [u, g] = raw.split(':');
        const uid = /^\d+$/.test(u) ? Number(u) : u === 'root' ? 0 : undefined;
        const gid = g !== undefined && /^\d+$/.test(g) ? Number(g) : undefined;
        s.user = { raw, uid, gid, name: /^\d+$/.test(u) ? undefined : u, root: u === 'root' || uid === 0, source: ref(ins) };
        break;
      }
      case 'HEALTHCHECK': {
        const args = argsOf(ins);
        if (args[0]?.toUpperCase() === 'NONE') {
          s.healthcheck = { none: true, source: ref(ins) };
          break;
        }
        const flags = (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
        const opt = (name: string) => flags.find((f) => f.getName() === name)?.getValue() ?? args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
        const cmdIdx = args.findIndex((a) => a.toUpperCase() === 'CMD');
        const command = substitute((ins.getRawArgumentsContent() ?? '').replace(/^[\s\S]*?\bCMD\b\s*/i, ''), vars);
        const url = /https?:\/\/[^\s'"\]]+/.exec(command)?.[0];
        let path: string | undefined;
        let port: number | undefined;
        if (url) {
          try {
            const u = new URL(url.replace(/\$\{?[A-Za-z_]+\}?/g, '0'));
            path = u.pathname || '/';
            port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
          } catch {
            /* an unparseable URL gives no probe hints */
          }
        }
        s.healthcheck = { none: false, command: cmdIdx >= 0 ? command : undefined, path, port, intervalSeconds: parseDuration(opt('interval')), timeoutSeconds: parseDuration(opt('timeout')), startPeriodSeconds: parseDuration(opt('start-period')), retries: opt('retries') ? Number(opt('retries')) : undefined, source: ref(ins) };
        break;
      }
      case 'COPY':
      case 'ADD': {
        const args = argsOf(ins).filter((a) => !a.startsWith('--'));
        const fromStage = args.length > 0 && (ins as unknown as { getFromFlag?: () => unknown }).getFromFlag?.();
        if (fromStage) break;
        for (const src of args.slice(0, -1)) {
          const nameOnly = basename(src);
          const kind = MANIFEST_KINDS.find((k) => k.match(nameOnly));
          if (kind) s.copied.push({ path: src.replace(/^\.\//, ''), kind: kind.kind, language: kind.language, source: ref(ins) });
          else if (src === '.' || src === './') s.copiesAll = ref(ins);
        }
        break;
      }
      case 'CMD':
        s.cmd = commandOf(ins);
        break;
      case 'ENTRYPOINT':
        s.entrypoint = commandOf(ins);
        break;
      case 'VOLUME': {
        const raw = (ins.getRawArgumentsContent() ?? '').trim();
        const paths = raw.startsWith('[') ? (JSON.parse(raw) as string[]) : raw.split(/\s+/);
        for (const p of paths) if (p) s.volumes.push({ path: substitute(p, vars), source: ref(ins) });
        break;
      }
      case 'WORKDIR':
        s.workdir = substitute(argsOf(ins).join(' '), vars);
        break;
    }
  }
  if (stages.length === 0) throw new Error(`${file}: no FROM instruction; this is not a Dockerfile`);
  all.push(stageFacts);
  const final = all[all.length - 1];
  const finalBase = final.base!;

  // Manifests: copied by any stage (builders install dependencies), read from the context.
  const manifests: DockerfileFacts['manifests'] = [];
  const frameworks: DockerfileFacts['frameworks'] = [];
  const dependencies: Dependency[] = [];
  let language: Language | undefined;
  const copied = all.flatMap((st) => st.copied);
  const copiesAll = all.find((st) => st.copiesAll)?.copiesAll;
  if (copied.length === 0 && copiesAll) {
    // `COPY . .` brings everything: look at what the context holds.
    for (const name of (await context.list()).sort()) {
      const kind = MANIFEST_KINDS.find((k) => k.match(name));
      if (kind) copied.push({ path: name, kind: kind.kind, language: kind.language, source: copiesAll });
    }
  }
  for (const m of copied) {
    const content = await context.read(m.path);
    if (content === undefined) continue;
    manifests.push({ path: m.path, kind: m.kind, source: m.source });
    language ??= m.language;
    for (const f of frameworksIn(m.language, content)) if (!frameworks.some((x) => x.name === f)) frameworks.push({ name: f, evidence: m.path });
    for (const kind of dependenciesIn(content)) if (!dependencies.some((d) => d.kind === kind)) dependencies.push({ kind, evidence: `${m.path} depends on a ${kind} client`, source: m.source });
  }
  const builderLanguage = stages.map((s) => languageOfImage(s.base.name)).find((l) => l && l !== 'static');
  language ??= languageOfImage(finalBase.name) ?? builderLanguage ?? 'unknown';
  if (/tensorflow\/serving/.test(finalBase.name) && !frameworks.some((f) => f.name === 'TensorFlow Serving')) frameworks.push({ name: 'TensorFlow Serving', evidence: `FROM ${finalBase.raw}` });

  for (const e of final.env) {
    const kind = dependencyFromEnv(e.name, e.value);
    if (kind && !dependencies.some((d) => d.kind === kind && d.evidence.startsWith('ENV'))) dependencies.unshift({ kind, evidence: `ENV ${e.name}`, source: e.source });
  }
  // An ENV and a client library can name the same service; keep the first (the ENV).
  const uniqueDeps = dependencies.filter((d, i) => dependencies.findIndex((x) => x.kind === d.kind) === i);
  const langVersion = language !== 'unknown' ? stages.map((s) => s.base).find((b) => languageOfImage(b.name) === language)?.tag?.match(/^\d+(\.\d+)*/)?.[0] : undefined;
  const realStages = stages.filter((s) => !s.base.isStage);

  return {
    file,
    stages,
    finalStage: { name: stages[stages.length - 1].name, index: stages.length - 1 },
    multiStage: stages.length > 1,
    baseImages: realStages.map((s) => s.base),
    finalBase,
    exposed: final.exposed,
    user: final.user,
    healthcheck: final.healthcheck,
    env: final.env,
    args: allArgs,
    dependencies: uniqueDeps,
    language,
    languageVersion: langVersion,
    frameworks,
    manifests,
    entrypoint: final.entrypoint,
    cmd: final.cmd,
    volumes: final.volumes,
    workdir: final.workdir,
    databaseImage: databaseOfImage(finalBase.name),
    gpu: isGpuImage(finalBase.name, finalBase.tag),
  };
}

function emptyStage() {
  return {
    base: undefined as BaseImage | undefined,
    env: [] as DockerfileFacts['env'],
    exposed: [] as DockerfileFacts['exposed'],
    user: undefined as DockerfileFacts['user'],
    healthcheck: undefined as DockerfileFacts['healthcheck'],
    copied: [] as { path: string; kind: string; language: Language; source: SourceRef }[],
    copiesAll: undefined as SourceRef | undefined,
    cmd: undefined as string[] | undefined,
    entrypoint: undefined as string[] | undefined,
    volumes: [] as DockerfileFacts['volumes'],
    workdir: undefined as string | undefined,
  };
}
