// Dockerfile + build context → DockerfileFacts, each fact with the line it came from.
// The parse is pure over text; the build context is read through a small reader so
// tests can pass files directly.
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { INPUT_LIMITS, readInputFile } from '../input/read.js';
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
import { DockerfileError } from './dockerfile-error.js';
import type { Dependency, DockerfileFacts, Language } from './facts.js';
import { imageDefaultUser } from './image-users.js';
import { listenersIn } from './server-config.js';
import { resolveUser, type StageState } from './stage-state.js';
import { walkInstructions } from './stage-walk.js';

export { DockerfileError } from './dockerfile-error.js';

export interface ContextReader {
  read(relPath: string): Promise<string | undefined>;
  list(): Promise<string[]>;
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
