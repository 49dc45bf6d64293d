// The walk over a Dockerfile's instructions, stage by stage: FROM starts a stage (from a
// copy of its parent stage, as Docker does), every later instruction changes it.
import { basename, posix } from 'node:path';
import { DockerfileParser, type Instruction, type From } from 'dockerfile-ast';
import { MANIFEST_KINDS } from './detect.js';
import { DockerfileError } from './dockerfile-error.js';
import type { BaseImage, DockerfileFacts, SourceRef } from './facts.js';
import { argsOf, commandOf, execForm, healthcheckOf, idOf, lineOf, substitute } from './instruction-args.js';
import { collectCreatedIds } from './run-users.js';
import { isServerConfig } from './server-config.js';
import { startStage, type StageState } from './stage-state.js';

/** A FROM reference written with variables: split it the way the parser would have. */
function splitImage(raw: string): { name: string; tag?: string; digest?: string } {
  const [ref, digest] = raw.split('@');
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1), digest } : { name: ref, digest };
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

export function walkInstructions(text: string, file: string): Walk & { s: StageState } {
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
