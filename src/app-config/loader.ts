// Loads an AppDeployment: YAML with positions, the zod schema, path rules. Every
// problem becomes "FILE:LINE:COL: message", all of them at once, sorted by line.
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../cli/errors.js';
import { appDeploymentSchema, type AppDeployment } from './schema.js';
import { PositionIndex, type Position, type YamlPath } from './positions.js';
import { suggest } from './suggest.js';

export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  message: string;
}

export class ConfigError extends InputError {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.length === 1 ? fmt(issues[0]) : `${issues[0].file}: ${issues.length} problems`, issues.length === 1 ? [] : issues.map(fmt));
  }
}

const fmt = (i: ConfigIssue) => `${i.file}:${i.line}:${i.col}: ${i.message}`;

export interface LoadedAppConfig {
  file: string;
  dir: string;
  config: AppDeployment;
  dockerfilePath?: string;
  buildContextPath: string;
  positions: PositionIndex;
}

export function pathLabel(path: YamlPath): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : String(seg)), '');
}

/** The zod schema for the object at a path, unwrapping optional/default/pipe wrappers. */
function schemaAt(schema: z.ZodType, path: YamlPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  const unwrap = (x: z.ZodType): z.ZodType => {
    const def = (x as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.innerType) return unwrap(def.innerType as z.ZodType);
    if (def.type === 'pipe') return unwrap((def.out as z.ZodType) ?? (def.in as z.ZodType));
    return x;
  };
  for (const seg of path) {
    if (!s) return undefined;
    const def: Record<string, unknown> = (unwrap(s) as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === 'object') s = (def.shape as Record<string, z.ZodType>)[String(seg)];
    else if (def.type === 'array') s = def.element as z.ZodType;
    else if (def.type === 'record') s = def.valueType as z.ZodType;
    else return undefined;
  }
  return s ? unwrap(s) : undefined;
}

function keysOf(path: YamlPath): string[] {
  const s = schemaAt(appDeploymentSchema, path) as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown> } } } | undefined;
  return s?._zod.def.type === 'object' ? Object.keys(s._zod.def.shape ?? {}) : [];
}

function hasPath(raw: unknown, path: YamlPath): boolean {
  let v: unknown = raw;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return false;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v !== undefined && v !== null;
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown): { message: string; key?: boolean; path: YamlPath } {
  const path = issue.path as YamlPath;
  const where = pathLabel(path);
  if (issue.code === 'unrecognized_keys') return { message: '', path };
  if (issue.code === 'invalid_type' && !hasPath(raw, path)) {
    return { message: `${where} is required`, path: path.slice(0, -1) };
  }
  if (issue.code === 'invalid_type') return { message: `${where}: expected ${issue.expected}`, path };
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const got = (() => {
      let v: unknown = raw;
      for (const seg of path) v = (v as Record<string | number, unknown>)?.[seg];
      return v;
    })();
    const hint = typeof got === 'string' ? suggest(got, issue.values.map(String)) : undefined;
    const allowed = issue.values.length === 1 ? `must be "${String(issue.values[0])}"` : `must be one of ${issue.values.join(', ')}`;
    return { message: `${where}: ${allowed}${hint && issue.values.length > 1 ? `; did you mean "${hint}"?` : ''}`, path };
  }
  return { message: `${where}: ${issue.message}`, path };
}

/** Parses and validates AppDeployment YAML text. Pure: paths are checked by loadAppConfig. */
export function parseAppConfig(text: string, file: string): { config: AppDeployment; positions: PositionIndex; raw: unknown } | { issues: ConfigIssue[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const at = (pos: Position, message: string): ConfigIssue => ({ file, line: pos.line, col: pos.col, message });
  const syntax = list.flatMap((d) => d.errors).map((e) => {
    const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
    const msg = e.code === 'DUPLICATE_KEY' ? 'duplicate key: each key may appear only once in a mapping' : e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // Positions point at the offending token; 0-based columns from the parser become 1-based here.
    return at(lp, `invalid YAML: ${msg}`);
  });
  if (syntax.length > 0) return { issues: syntax };
  if (list.length !== 1 || list[0].contents === null) return { issues: [at({ line: 1, col: 1 }, list.length > 1 ? 'expected one YAML document, found several' : 'the file is empty; expected an AppDeployment (apiVersion kaptainkube.dev/v1)')] };
  const doc = list[0];
  const positions = new PositionIndex(doc, lines);
  const raw = doc.toJS() as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { issues: [at({ line: 1, col: 1 }, 'expected a mapping with apiVersion, kind, metadata and spec')] };
  const result = appDeploymentSchema.safeParse(raw);
  if (result.success) return { config: result.data, positions, raw };
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysOf(issue.path as YamlPath);
      for (const key of issue.keys) {
        const hint = suggest(key, allowed);
        const where = pathLabel(issue.path as YamlPath);
        issues.push(at(positions.of([...(issue.path as YamlPath), key], { key: true }), `unknown key "${key}"${where ? ` in ${where}` : ''}${hint ? `; did you mean "${hint}"?` : `; allowed: ${allowed.join(', ')}`}`));
      }
      continue;
    }
    const m = issueMessage(issue, raw);
    issues.push(at(positions.of(m.path), m.message));
  }
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  return { issues };
}

async function isFile(p: string): Promise<boolean | 'dir'> {
  try {
    const s = await stat(p);
    return s.isFile() ? true : s.isDirectory() ? 'dir' : false;
  } catch {
    return false;
  }
}

export async function loadAppConfig(path: string): Promise<LoadedAppConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not an AppDeployment file' : (err as Error).message}`);
  }
  const parsed = parseAppConfig(text, path);
  if ('issues' in parsed) throw new ConfigError(parsed.issues);
  const { config, positions } = parsed;
  const dir = dirname(file);
  const issues: ConfigIssue[] = [];
  const inside = (field: 'dockerfile' | 'buildContext', value: string): string | undefined => {
    const abs = resolve(dir, value);
    const rel = relative(dir, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      const pos = positions.of(['spec', field]);
      issues.push({ file: path, ...pos, message: `spec.${field}: "${value}" points outside the directory of the config (${dir}); keep it in that directory or below` });
      return undefined;
    }
    return abs;
  };
  const buildContextPath = inside('buildContext', config.spec.buildContext) ?? dir;
  if (issues.length === 0 && (await isFile(buildContextPath)) !== 'dir') {
    issues.push({ file: path, ...positions.of(['spec', 'buildContext']), message: `spec.buildContext: "${config.spec.buildContext}" is not a directory` });
  }
  let dockerfilePath: string | undefined;
  if (config.spec.dockerfile) {
    dockerfilePath = inside('dockerfile', config.spec.dockerfile);
    if (dockerfilePath && (await isFile(dockerfilePath)) !== true) {
      issues.push({ file: path, ...positions.of(['spec', 'dockerfile']), message: `spec.dockerfile: "${config.spec.dockerfile}" does not exist (looked for ${dockerfilePath})` });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { file, dir, config, dockerfilePath, buildContextPath, positions };
}
