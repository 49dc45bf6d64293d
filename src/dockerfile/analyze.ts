// Dockerfile + build context → DockerfileFacts, each fact with the line it came from.
// The parse is pure over text; the build context is read through a small reader so
// tests can pass files directly.
import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { DockerfileParser, type Instruction, type From } from 'dockerfile-ast';
import { InputError } from '../cli/errors.js';
import { INPUT_LIMITS, readInputFile } from '../input/read.js';
import { INT32_MAX } from '../app-config/schema.js';
import { dependencyFromEnv, dependenciesIn, databaseOfImage, frameworksIn, isGpuImage, languageOfImage, MANIFEST_KINDS } from './detect.js';
import type { BaseImage, Dependency, DockerfileFacts, Language, SourceRef } from './facts.js';

export interface ContextReader {
  read(relPath: string): Promise<string | undefined>;
  list(): Promise<string[]>;
}

/** A Dockerfile that cannot be turned into a deployment, at FILE:LINE:COL. Exit code 2. */
export class DockerfileError extends InputError {
  override name = 'DockerfileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${col}: ${problem}`);
  }
}

export function fsContext(dir: string): ContextReader {
  return {
    // Missing files are simply not there; a FIFO, device or oversized manifest is refused.
    read: (rel) => {
      const abs = join(dir, rel);
      const fromHere = relative(process.cwd(), abs);
      const label = fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : abs;
      return readInputFile(abs, { label, what: 'a dependency manifest', maxBytes: INPUT_LIMITS.manifest, optional: true });
    },
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

/** Line and column (1-based) where an instruction's arguments start. */
function argsAt(i: Instruction): { line: number; col: number } {
  const first = i.getArguments()[0]?.getRange().start ?? i.getRange().start;
  return { line: first.line + 1, col: first.character + 1 };
}

/** An exec-form JSON array, or undefined when the text is not JSON (Docker then uses the shell form). */
function execForm(i: Instruction, file: string, raw: string): string[] | undefined {
  if (!raw.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) {
    const { line, col } = argsAt(i);
    throw new DockerfileError(file, line, col, `${i.getKeyword()} in exec form must be a JSON array of strings, such as ${i.getKeyword() === 'VOLUME' ? '["/data"]' : '["node", "server.js"]'}`);
  }
  return parsed;
}

/** CMD/ENTRYPOINT as an argv: exec form as written, shell form wrapped in sh -c. */
function commandOf(i: Instruction, file: string): string[] {
  const raw = (i.getRawArgumentsContent() ?? '').trim();
  return execForm(i, file, raw) ?? ['/bin/sh', '-c', raw];
}

/** A user or group id as Kubernetes takes it (runAsUser: 0 … 2147483647), or a Dockerfile error. */
function idOf(i: Instruction, file: string, value: string, what: 'uid' | 'gid'): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n > INT32_MAX) {
    const { line, col } = argsAt(i);
    throw new DockerfileError(file, line, col, `USER ${what} ${value.length > 24 ? `${value.slice(0, 24)}…` : value} is out of range; Kubernetes accepts ids from 0 to ${INT32_MAX}`);
  }
  return n;
}

/** A count from a flag (--retries=3), if it is one Kubernetes can hold. */
function countOf(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= INT32_MAX ? n : undefined;
}

export function parseDuration(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const seconds = m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
  // Probe timings are int32 seconds in Kubernetes; a longer one is no timing at all.
  return seconds <= INT32_MAX ? seconds : undefined;
}

export async function analyzeDockerfile(opts: { dockerfilePath: string; contextDir: string; text?: string; context?: ContextReader }): Promise<DockerfileFacts> {
  const text = opts.text ?? (await readInputFile(opts.dockerfilePath, { what: 'a Dockerfile', maxBytes: INPUT_LIMITS.dockerfile }));
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
          const protocol = proto?.toLowerCase() === 'udp' ? 'udp' : 'tcp';
          // `EXPOSE 80 80` (or the same port on two lines) is one port: a Service may list it only once.
          if (Number.isInteger(n) && n >= 1 && n <= 65535 && !s.exposed.some((e) => e.port === n && e.protocol === protocol)) s.exposed.push({ port: n, protocol, source: ref(ins) });
        }
        break;
      case 'USER': {
        const raw = substitute(argsOf(ins).join(' '), vars);
        const [u, g] = raw.split(':');
        const uid = /^\d+$/.test(u) ? idOf(ins, file, u, 'uid') : u === 'root' ? 0 : undefined;
        const gid = g !== undefined && /^\d+$/.test(g) ? idOf(ins, file, g, 'gid') : undefined;
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
        s.healthcheck = { none: false, command: cmdIdx >= 0 ? command : undefined, path, port, intervalSeconds: parseDuration(opt('interval')), timeoutSeconds: parseDuration(opt('timeout')), startPeriodSeconds: parseDuration(opt('start-period')), retries: countOf(opt('retries')), source: ref(ins) };
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
        s.cmd = commandOf(ins, file);
        break;
      case 'ENTRYPOINT':
        s.entrypoint = commandOf(ins, file);
        break;
      case 'VOLUME': {
        const raw = (ins.getRawArgumentsContent() ?? '').trim();
        const paths = execForm(ins, file, raw) ?? raw.split(/\s+/);
        for (const p of paths) if (p) s.volumes.push({ path: substitute(p, vars), source: ref(ins) });
        break;
      }
      case 'WORKDIR':
        s.workdir = substitute(argsOf(ins).join(' '), vars);
        break;
    }
  }
  if (stages.length === 0) throw new DockerfileError(file, 1, 1, 'no FROM instruction; a Dockerfile starts with FROM <image>:<tag> (after optional ARGs)');
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
    let content: string | undefined;
    try {
      content = await context.read(m.path);
    } catch (err) {
      // A FIFO, device or oversized file where the Dockerfile copies a manifest: name the COPY line.
      if (err instanceof InputError && !(err instanceof DockerfileError)) throw new DockerfileError(file, m.source.line, 1, `${m.source.instruction} source ${err.message}`);
      throw err;
    }
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
