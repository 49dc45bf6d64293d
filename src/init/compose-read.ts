// Reads a Compose file the way the Compose Specification says: YAML (anchors and merge
// keys), variables interpolated from the environment and the .env beside the file, the
// result checked against the specification's JSON Schema (shipped by the dclint package,
// checked with ajv), then `extends` resolved and inactive profiles dropped. Every
// problem is FILE:LINE:COL; errors are thrown together as one ConfigError (exit 2).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, visit } from 'yaml';
import { ConfigError, type ConfigIssue } from '../app-config/loader.js';
import { PositionIndex, type Position, type YamlPath } from '../app-config/positions.js';
import { INPUT_LIMITS, readInputFile } from '../input/read.js';
import { interpolate, type InterpolationProblem } from './interpolate.js';
import { resolveExtends, type ParsedCompose, type Service } from './compose-extends.js';

export type { Service } from './compose-extends.js';

export interface ComposeProject {
  /** The file as the user named it, for messages. */
  file: string;
  /** Its directory (absolute): relative paths in the file start here. */
  dir: string;
  /** The project name: top-level `name`, else the directory's name. */
  name: string;
  /** Where the name came from, for comments. */
  nameSource: string;
  /** Active services, `extends` resolved, in file order. */
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, unknown>;
  /** Services left out because none of their profiles is active. */
  skipped: { name: string; profiles: string[] }[];
  warnings: ConfigIssue[];
  /** Where a path of the file is, for messages (the nearest existing node). */
  at(path: YamlPath, key?: boolean): Position;
  vars: ReadonlyMap<string, string>;
}

let validator: ValidateFunction | undefined;
/** The Compose Specification's JSON Schema, compiled once per process. */
function composeSchema(): ValidateFunction {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('dclint/package.json');
  const schema = JSON.parse(readFileSync(join(dirname(pkg), 'schemas', 'compose.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // The draft-07 meta-schema is ajv's default; its URL spelling in the file is not one ajv knows.
  delete schema.$schema;
  validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

/** Variables for interpolation: the .env beside the file, overridden by the process environment. */
function composeVars(dir: string, env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const vars = new Map<string, string>();
  let dotenv: string | undefined;
  try {
    dotenv = readFileSync(join(dir, '.env'), 'utf8');
  } catch {
    /* no .env: only the environment */
  }
  if (dotenv !== undefined) for (const [k, v] of Object.entries(parseEnv(dotenv))) if (v !== undefined) vars.set(k, v);
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars.set(k, v);
  return vars;
}

/** YAML → interpolated plain data with positions; syntax and interpolation errors collected. */
function parseComposeText(
  text: string,
  file: string,
  vars: ReadonlyMap<string, string>,
  issues: ConfigIssue[],
  warnings: ConfigIssue[],
): ParsedCompose | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: true });
  const at = (offset: number | undefined): Position =>
    offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
  for (const e of doc.errors) {
    const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
    issues.push({
      file,
      line: lp.line,
      col: lp.col,
      message: `invalid YAML: ${e.code === 'DUPLICATE_KEY' ? 'duplicate key' : e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    });
  }
  if (doc.errors.length > 0) return undefined;
  const unset = new Set<string>();
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const problems: InterpolationProblem[] = [];
      node.value = interpolate(node.value, vars, problems);
      const pos = at(node.range?.[0]);
      for (const p of problems) {
        if (p.error) issues.push({ file, ...pos, message: p.error });
        else if (p.unset && !unset.has(p.unset)) {
          unset.add(p.unset);
          warnings.push({
            file,
            ...pos,
            message: `variable ${p.unset} is not set (in the environment or .env); an empty string is used`,
          });
        }
      }
    },
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    issues.push({ file, line: 1, col: 1, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    issues.push({ file, line: 1, col: 1, message: 'expected a mapping with a top-level "services" key' });
    return undefined;
  }
  return { doc, data: data as Record<string, unknown>, positions: new PositionIndex(doc, lines) };
}

const pathOf = (pointer: string): YamlPath =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
const label = (path: YamlPath) =>
  path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');

/** Schema errors as FILE:LINE:COL, one per place, the most telling first. */
function schemaIssues(data: unknown, file: string, positions: PositionIndex): ConfigIssue[] {
  const validate = composeSchema();
  if (validate(data)) return [];
  const byPlace = new Map<string, ConfigIssue>();
  const errors = (validate.errors ?? []) as ErrorObject[];
  // oneOf/anyOf failures repeat what their branches said; a branch's own error is clearer.
  for (const e of [...errors].sort(
    (a, b) =>
      Number(a.keyword === 'oneOf' || a.keyword === 'anyOf') - Number(b.keyword === 'oneOf' || b.keyword === 'anyOf'),
  )) {
    const path = pathOf(e.instancePath);
    let issue: ConfigIssue;
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const where = label(path);
      const pos = positions.of([...path, key], { key: true });
      issue = {
        file,
        ...pos,
        message: where
          ? `unknown key "${key}" in ${where}`
          : `unknown top-level key "${key}"; Compose allows version, name, include, services, networks, volumes, secrets, configs, models and x-* extensions`,
      };
      byPlace.set(`${e.instancePath}/${key}`, issue);
      continue;
    }
    if (byPlace.has(e.instancePath)) continue;
    const pos = positions.of(path);
    const what =
      e.keyword === 'oneOf' || e.keyword === 'anyOf'
        ? 'does not have one of the forms the Compose Specification allows'
        : (e.message ?? 'is invalid');
    byPlace.set(e.instancePath, { file, ...pos, message: `${label(path) || 'the file'}: ${what}` });
  }
  // Errors at a parent are noise when a child already explains them.
  const keys = [...byPlace.keys()];
  return keys
    .filter((k) => !keys.some((o) => o !== k && o.startsWith(`${k}/`)))
    .map((k) => byPlace.get(k)!)
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

export interface ReadOptions {
  profiles?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Reads, checks and resolves a Compose file. Throws ConfigError (exit 2) with every problem. */
export async function readCompose(path: string, opts: ReadOptions = {}): Promise<ComposeProject> {
  const abs = resolve(path);
  const dir = dirname(abs);
  const text = await readInputFile(abs, { label: path, what: 'a Compose file', maxBytes: INPUT_LIMITS.config });
  const vars = composeVars(dir, opts.env);
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const parsed = parseComposeText(text, path, vars, issues, warnings);
  if (!parsed) throw new ConfigError(issues);
  issues.push(...schemaIssues(parsed.data, path, parsed.positions));
  const services = (parsed.data.services ?? {}) as Record<string, Service>;
  if (issues.length === 0 && Object.keys(services).length === 0)
    issues.push({
      file: path,
      line: 1,
      col: 1,
      message: 'no services: a Compose application lists its containers under "services"',
    });
  if (issues.length > 0) throw new ConfigError(issues);
  const at = (p: YamlPath, key = false) => parsed.positions.of(p, { key });
  const resolved = resolveExtends(services, { file: path, dir, vars, at, issues, warnings, parse: parseComposeText });
  if (issues.length > 0) throw new ConfigError(issues);
  if (parsed.data.include !== undefined)
    warnings.push({
      file: path,
      ...at(['include'], true),
      message: 'include: the included files are not read; run init on each of them',
    });

  const envProfiles =
    (opts.env ?? process.env).COMPOSE_PROFILES?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const active = new Set([...(opts.profiles ?? []), ...envProfiles]);
  const kept: Record<string, Service> = {};
  const skipped: ComposeProject['skipped'] = [];
  for (const [name, svc] of Object.entries(resolved)) {
    const profiles = (svc.profiles as string[] | undefined) ?? [];
    if (profiles.length === 0 || active.has('*') || profiles.some((p) => active.has(p))) kept[name] = svc;
    else skipped.push({ name, profiles });
  }
  const named = typeof parsed.data.name === 'string' && parsed.data.name !== '';
  const rawName = named ? (parsed.data.name as string) : basename(dir);
  return {
    file: path,
    dir,
    name: rawName,
    nameSource: named ? `compose: name "${rawName}"` : `directory ${rawName} (the Compose file has no name)`,
    services: kept,
    volumes: (parsed.data.volumes ?? {}) as Record<string, unknown>,
    secrets: (parsed.data.secrets ?? {}) as Record<string, unknown>,
    skipped,
    warnings,
    at,
    vars,
  };
}

/** Compose file names in the order Compose looks for them. */
export const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;
