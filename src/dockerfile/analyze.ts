// Dockerfile + build context → DockerfileFacts, each fact with the line it came from.
// The parse is pure over text; the build context is read through a small reader so
// tests can pass files directly.
import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { DockerfileParser, type Instruction, type From } from 'dockerfile-ast';
import { InputError } from '../errors.js';
import { INPUT_LIMITS, readInputFile } from '../input/read.js';
import { INT32_MAX } from '../kube/int32.js';
import {
  dependencyFromEnv,
  dependenciesIn,
  databaseOfImage,
  frameworksIn,
  isGpuImage,
  languageOfImage,
  MANIFEST_KINDS,
  metricsLibraryIn,
} from './detect.js';
import type { BaseImage, Dependency, DockerfileFacts, Language, SourceRef } from './facts.js';
import { imageDefaultUser, knownImageUser } from './image-users.js';
import { collectCreatedIds, groupId, type CreatedIds } from './run-users.js';
import { isServerConfig, listenersIn } from './server-config.js';

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
      return readInputFile(abs, {
        label,
        what: 'a dependency manifest',
        maxBytes: INPUT_LIMITS.manifest,
        optional: true,
      });
    },
    list: () => readdir(dir).catch(() => []),
  };
}

const lineOf = (i: Instruction) => i.getRange().start.line + 1;

/** Replaces $VAR and ${VAR} (with :- defaults) from the variables known at that point. */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, a: string, def: string | undefined, b: string) => {
      const v = vars.get(a ?? b);
      return v !== undefined && v !== '' ? v : (def ?? '');
    },
  );
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
    throw new DockerfileError(
      file,
      line,
      col,
      `${i.getKeyword()} in exec form must be a JSON array of strings, such as ${i.getKeyword() === 'VOLUME' ? '["/data"]' : '["node", "server.js"]'}`,
    );
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
    throw new DockerfileError(
      file,
      line,
      col,
      `USER ${what} ${value.length > 24 ? `${value.slice(0, 24)}…` : value} is out of range; Kubernetes accepts ids from 0 to ${INT32_MAX}`,
    );
  }
  return n;
}

/** A count from a flag (--retries=3), if it is one Kubernetes can hold. */
function countOf(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= INT32_MAX ? n : undefined;
}

function parseDuration(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const seconds = m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
  // Probe timings are int32 seconds in Kubernetes; a longer one is no timing at all.
  return seconds <= INT32_MAX ? seconds : undefined;
}

export interface AnalyzeOptions {
  /** The stage to analyse (`docker build --target`); the last stage when absent. */
  target?: string;
}

export async function analyzeDockerfile(opts: {
  dockerfilePath: string;
  contextDir: string;
  text?: string;
  context?: ContextReader;
  target?: string;
}): Promise<DockerfileFacts> {
  const text =
    opts.text ??
    (await readInputFile(opts.dockerfilePath, { what: 'a Dockerfile', maxBytes: INPUT_LIMITS.dockerfile }));
  return analyzeText(text, opts.dockerfilePath, opts.context ?? fsContext(resolve(opts.contextDir)), {
    target: opts.target,
  });
}

type UserFact = NonNullable<DockerfileFacts['user']>;

/** What a stage knows at its end; a stage built FROM another starts from a copy of it, as Docker does. */
interface StageState {
  base: BaseImage;
  /** The image at the bottom of a FROM <stage> chain: what the container really runs on. */
  image: BaseImage;
  env: DockerfileFacts['env'];
  exposed: DockerfileFacts['exposed'];
  user?: UserFact & { group?: string };
  healthcheck?: DockerfileFacts['healthcheck'];
  cmd?: string[];
  /** CMD was written in this stage (a later ENTRYPOINT then keeps it). */
  cmdSet: boolean;
  entrypoint?: string[];
  volumes: DockerfileFacts['volumes'];
  workdir?: string;
  created: CreatedIds;
  copied: { path: string; kind: string; language: Language; source: SourceRef }[];
  copiesAll?: SourceRef;
  /** Web server configuration files copied into the image (nginx): they say which ports speak TLS. */
  serverConfigs: { path: string; source: SourceRef }[];
}

function startStage(base: BaseImage, parent: StageState | undefined): StageState {
  if (!parent)
    return {
      base,
      image: base,
      env: [],
      exposed: [],
      cmdSet: false,
      volumes: [],
      created: { users: new Map(), groups: new Map() },
      copied: [],
      serverConfigs: [],
    };
  return {
    ...parent,
    base,
    env: [...parent.env],
    exposed: [...parent.exposed],
    volumes: [...parent.volumes],
    cmdSet: false,
    created: { users: new Map(parent.created.users), groups: new Map(parent.created.groups) },
    copied: [],
    copiesAll: undefined,
    serverConfigs: [...parent.serverConfigs],
  };
}

/** A FROM reference written with variables: split it the way the parser would have. */
function splitImage(raw: string): { name: string; tag?: string; digest?: string } {
  const [ref, digest] = raw.split('@');
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1), digest } : { name: ref, digest };
}

/** USER name[:group] → numeric ids from the RUNs of the stage chain or the base image's known users. */
function resolveUser(s: StageState): UserFact | undefined {
  const u = s.user;
  if (!u) return undefined;
  const { group, ...fact } = u;
  if (u.uid !== undefined && (group === undefined || u.gid !== undefined)) return fact;
  let uid = u.uid;
  let gid = u.gid;
  const by: string[] = [];
  if (uid === undefined && u.name) {
    const made = s.created.users.get(u.name);
    const known = made ? undefined : knownImageUser(s.image.raw, s.image.tag, u.name);
    if (made) {
      uid = made.uid;
      by.push(`a RUN creates ${u.name} with uid ${made.uid}`);
      if (group === undefined) gid = groupId(s.created, made.gid);
    } else if (known) {
      uid = known.uid;
      by.push(known.evidence);
      if (group === undefined) gid = known.gid;
    }
  }
  if (group !== undefined && gid === undefined) {
    gid = groupId(s.created, group) ?? knownImageUser(s.image.raw, s.image.tag, group)?.gid;
    if (gid !== undefined && !/^\d+$/.test(group)) by.push(`group ${group} is ${gid}`);
  }
  return { ...fact, uid, gid, root: fact.root || uid === 0, ...(by.length ? { resolvedBy: by.join('; ') } : {}) };
}

/** The walk over a Dockerfile's instructions: each stage's state at its end, and every ARG. */
interface Walk {
  file: string;
  globalArgs: Map<string, string>;
  stages: DockerfileFacts['stages'];
  /** Stage names are case-insensitive in Docker. */
  byName: Map<string, StageState>;
  all: StageState[];
  args: DockerfileFacts['args'];
  /** Variables visible at the current instruction (the stage's ENV and its ARGs). */
  vars: Map<string, string>;
  s?: StageState;
}

const refOf = (file: string, i: Instruction): SourceRef => ({ file, line: lineOf(i), instruction: i.getKeyword() });

function walkInstructions(text: string, file: string): Walk & { s: StageState } {
  const df = DockerfileParser.parse(text);
  const w: Walk = { file, globalArgs: new Map(), stages: [], byName: new Map(), all: [], args: [], vars: new Map() };
  for (const a of df.getInitialARGs()) {
    const p = a.getProperty();
    if (p) w.globalArgs.set(p.getName(), p.getValue() ?? '');
  }
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() === 'FROM') startFrom(w, ins as From);
    else if (w.s) applyInstruction(w, w.s, ins);
  }
  if (!w.s)
    throw new DockerfileError(
      file,
      1,
      1,
      'no FROM instruction; a Dockerfile starts with FROM <image>:<tag> (after optional ARGs)',
    );
  w.all.push(w.s);
  return w as Walk & { s: StageState };
}

function startFrom(w: Walk, from: From): void {
  const rawImage = substitute(from.getImage() ?? '', w.globalArgs);
  // A FROM with variables is split after substitution; the parser saw only `${BASE}`.
  const split = /\$/.test(from.getImage() ?? '') ? splitImage(rawImage) : undefined;
  const name = split ? split.name : substitute(from.getImageName() ?? rawImage, w.globalArgs);
  const tag = split ? split.tag : from.getImageTag() ? substitute(from.getImageTag()!, w.globalArgs) : undefined;
  const stageName = from.getBuildStage() ?? undefined;
  const parent = w.byName.get(rawImage.toLowerCase());
  const base: BaseImage = {
    raw: rawImage,
    name,
    tag,
    digest: split ? split.digest : (from.getImageDigest() ?? undefined),
    stage: stageName,
    isStage: parent !== undefined,
    source: refOf(w.file, from),
  };
  if (w.s) w.all.push(w.s);
  const s = startStage(base, parent);
  w.s = s;
  w.stages.push({ name: stageName, index: w.stages.length, base });
  if (stageName) w.byName.set(stageName.toLowerCase(), s);
  // ARGs do not cross stages; ENV does, through the parent's image config.
  w.vars = new Map(s.env.map((e) => [e.name, e.value]));
}

/** One instruction after a FROM: what it changes in the stage. */
function applyInstruction(w: Walk, s: StageState, ins: Instruction): void {
  const { file, vars } = w;
  const ref = (i: Instruction) => refOf(file, i);
  switch (ins.getKeyword()) {
    case 'ARG': {
      for (const a of argsOf(ins)) {
        const [n, ...rest] = a.split('=');
        // A global ARG is visible in a stage only once re-declared there; an ENV of the same name wins.
        const v = rest.length ? rest.join('=') : (w.globalArgs.get(n) ?? undefined);
        if (v !== undefined && !s.env.some((e) => e.name === n)) vars.set(n, substitute(v, vars));
        w.args.push({ name: n, defaultValue: rest.length ? rest.join('=') : undefined, source: ref(ins) });
      }
      break;
    }
    case 'ENV': {
      for (const p of (
        ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }
      ).getProperties()) {
        const value = substitute(p.getValue() ?? '', vars);
        vars.set(p.getName(), value);
        const entry = { name: p.getName(), value, source: ref(ins) };
        const at = s.env.findIndex((e) => e.name === entry.name);
        if (at >= 0) s.env[at] = entry;
        else s.env.push(entry);
      }
      break;
    }
    case 'EXPOSE':
      for (const a of argsOf(ins)) {
        const [port, proto] = substitute(a, vars).split('/');
        const n = Number(port);
        const protocol = proto?.toLowerCase() === 'udp' ? 'udp' : 'tcp';
        // `EXPOSE 80 80` (or the same port on two lines) is one port: a Service may list it only once.
        if (
          Number.isInteger(n) &&
          n >= 1 &&
          n <= 65535 &&
          !s.exposed.some((e) => e.port === n && e.protocol === protocol)
        )
          s.exposed.push({ port: n, protocol, source: ref(ins) });
      }
      break;
    case 'RUN':
      // Heredoc bodies come with the instruction, so `useradd` inside one counts too.
      collectCreatedIds(substitute(ins.getRawArgumentsContent() ?? '', vars), s.created);
      break;
    case 'USER': {
      const raw = substitute(argsOf(ins).join(' '), vars);
      const [u, g] = raw.split(':');
      const uid = /^\d+$/.test(u) ? idOf(ins, file, u, 'uid') : u === 'root' ? 0 : undefined;
      const gid = g !== undefined && /^\d+$/.test(g) ? idOf(ins, file, g, 'gid') : undefined;
      s.user = {
        raw,
        uid,
        gid,
        name: /^\d+$/.test(u) ? undefined : u,
        root: u === 'root' || uid === 0,
        source: ref(ins),
        group: g,
      };
      break;
    }
    case 'HEALTHCHECK':
      s.healthcheck = healthcheckOf(ins, vars, ref(ins));
      break;
    case 'COPY':
    case 'ADD': {
      const args = argsOf(ins).filter((a) => !a.startsWith('--'));
      const fromStage = args.length > 0 && (ins as unknown as { getFromFlag?: () => unknown }).getFromFlag?.();
      if (fromStage) break;
      for (const src of args.slice(0, -1)) {
        const nameOnly = basename(src);
        const kind = MANIFEST_KINDS.find((k) => k.match(nameOnly));
        if (kind)
          s.copied.push({ path: src.replace(/^\.\//, ''), kind: kind.kind, language: kind.language, source: ref(ins) });
        else if (src === '.' || src === './') s.copiesAll = ref(ins);
        if (isServerConfig(src, args.at(-1)!))
          s.serverConfigs.push({ path: src.replace(/^\.\//, ''), source: ref(ins) });
      }
      break;
    }
    case 'CMD':
      s.cmd = commandOf(ins, file);
      s.cmdSet = true;
      break;
    case 'ENTRYPOINT':
      s.entrypoint = commandOf(ins, file);
      // A new ENTRYPOINT drops the CMD the parent image set, as `docker build` does.
      if (!s.cmdSet) s.cmd = undefined;
      break;
    case 'VOLUME': {
      const raw = (ins.getRawArgumentsContent() ?? '').trim();
      const paths = execForm(ins, file, raw) ?? raw.split(/\s+/);
      for (const p of paths) if (p) s.volumes.push({ path: substitute(p, vars), source: ref(ins) });
      break;
    }
    case 'WORKDIR': {
      // A relative WORKDIR continues from the one before it.
      const dir = substitute(argsOf(ins).join(' '), vars);
      s.workdir = dir.startsWith('/') || !s.workdir ? dir : posix.join(s.workdir, dir);
      break;
    }
  }
}

/** HEALTHCHECK NONE, or the command with the probe hints its URL gives (path, port) and its timings. */
function healthcheckOf(ins: Instruction, vars: Map<string, string>, source: SourceRef): DockerfileFacts['healthcheck'] {
  const args = argsOf(ins);
  if (args[0]?.toUpperCase() === 'NONE') return { none: true, source };
  const flags =
    (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  const opt = (name: string) =>
    flags.find((f) => f.getName() === name)?.getValue() ?? args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
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
  return {
    none: false,
    command: cmdIdx >= 0 ? command : undefined,
    path,
    port,
    intervalSeconds: parseDuration(opt('interval')),
    timeoutSeconds: parseDuration(opt('timeout')),
    startPeriodSeconds: parseDuration(opt('start-period')),
    retries: countOf(opt('retries')),
    source,
  };
}

/** The stage the image is built from: spec.buildTarget, or the last one. */
function targetIndexOf(stages: DockerfileFacts['stages'], file: string, target: string | undefined): number {
  if (target === undefined) return stages.length - 1;
  const index = stages.findIndex((st) => st.name?.toLowerCase() === target.toLowerCase());
  if (index < 0)
    throw new DockerfileError(
      file,
      1,
      1,
      `no stage named "${target}" (spec.buildTarget); the stages are ${stages.map((st) => st.name ?? `#${st.index}`).join(', ')}`,
    );
  return index;
}

/** Manifests copied by any used stage (builders install dependencies), read from the context: language, frameworks, client libraries. */
async function readManifests(used: StageState[], context: ContextReader, file: string) {
  const manifests: DockerfileFacts['manifests'] = [];
  const frameworks: DockerfileFacts['frameworks'] = [];
  const dependencies: Dependency[] = [];
  let language: Language | undefined;
  let metricsLibrary: DockerfileFacts['metricsLibrary'];
  const copied = used.flatMap((st) => st.copied);
  const copiesAll = used.find((st) => st.copiesAll)?.copiesAll;
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
      if (err instanceof InputError && !(err instanceof DockerfileError))
        throw new DockerfileError(file, m.source.line, 1, `${m.source.instruction} source ${err.message}`);
      throw err;
    }
    if (content === undefined) continue;
    manifests.push({ path: m.path, kind: m.kind, source: m.source });
    language ??= m.language;
    for (const f of frameworksIn(m.language, content))
      if (!frameworks.some((x) => x.name === f)) frameworks.push({ name: f, evidence: m.path });
    const metrics = metricsLibraryIn(m.language, content);
    if (metrics && !metricsLibrary) metricsLibrary = { ...metrics, evidence: m.path };
    for (const kind of dependenciesIn(content))
      if (!dependencies.some((d) => d.kind === kind))
        dependencies.push({ kind, evidence: `${m.path} depends on a ${kind} client`, source: m.source });
  }
  return { manifests, frameworks, dependencies, language, metricsLibrary };
}

export async function analyzeText(
  text: string,
  file: string,
  context: ContextReader,
  opts: AnalyzeOptions = {},
): Promise<DockerfileFacts> {
  const { stages, all, args } = walkInstructions(text, file);
  const targetIndex = targetIndexOf(stages, file, opts.target);
  // Docker builds the target and what it needs; stages after it do not reach the image.
  const used = all.slice(0, targetIndex + 1);
  const usedStages = stages.slice(0, targetIndex + 1);
  const final = used[targetIndex];
  const finalBase = final.image;

  const found = await readManifests(used, context, file);
  const { manifests, frameworks, dependencies } = found;
  const builderLanguage = usedStages.map((s) => languageOfImage(s.base.name)).find((l) => l && l !== 'static');
  const language = found.language ?? languageOfImage(finalBase.name) ?? builderLanguage ?? 'unknown';
  if (/tensorflow\/serving/.test(finalBase.name) && !frameworks.some((f) => f.name === 'TensorFlow Serving'))
    frameworks.push({ name: 'TensorFlow Serving', evidence: `FROM ${finalBase.raw}` });

  for (const e of final.env) {
    const kind = dependencyFromEnv(e.name, e.value);
    if (kind && !dependencies.some((d) => d.kind === kind && d.evidence.startsWith('ENV')))
      dependencies.unshift({ kind, evidence: `ENV ${e.name}`, source: e.source });
  }
  // An ENV and a client library can name the same service; keep the first (the ENV).
  const uniqueDeps = dependencies.filter((d, i) => dependencies.findIndex((x) => x.kind === d.kind) === i);
  const realStages = usedStages.filter((st) => !st.base.isStage);
  const langVersion =
    language !== 'unknown'
      ? realStages
          .map((st) => st.base)
          .find((b) => languageOfImage(b.name) === language)
          ?.tag?.match(/^\d+(\.\d+)*/)?.[0]
      : undefined;
  const imageUser = final.user ? undefined : imageDefaultUser(finalBase.raw, finalBase.tag);

  return {
    file,
    stages,
    finalStage: { name: stages[targetIndex].name, index: targetIndex },
    multiStage: stages.length > 1,
    baseImages: realStages.map((st) => st.base),
    finalBase,
    exposed: final.exposed,
    user: resolveUser(final),
    ...(imageUser ? { imageUser } : {}),
    healthcheck: final.healthcheck,
    env: final.env,
    args,
    dependencies: uniqueDeps,
    language,
    languageVersion: langVersion,
    frameworks,
    ...(found.metricsLibrary ? { metricsLibrary: found.metricsLibrary } : {}),
    listeners: await listenersIn(final.serverConfigs, (path) => context.read(path)),
    manifests,
    entrypoint: final.entrypoint,
    cmd: final.cmd,
    volumes: final.volumes,
    workdir: final.workdir,
    databaseImage: databaseOfImage(finalBase.name),
    gpu: isGpuImage(finalBase.name, finalBase.tag),
  };
}
