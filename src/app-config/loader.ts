// Loads an AppDeployment: YAML with positions, the zod schema, path rules. Every
// problem becomes "FILE:LINE:COL: message", all of them at once, sorted by line.
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isAlias, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { INPUT_LIMITS, kindOf, readInputFile } from '../input/read.js';
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
    super(
      issues.length === 1 ? fmt(issues[0]) : `${issues[0].file}: ${issues.length} problems`,
      issues.length === 1 ? [] : issues.map(fmt),
    );
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

function pathLabel(path: YamlPath): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : String(seg)),
    '',
  );
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
  const s = schemaAt(appDeploymentSchema, path) as unknown as
    { _zod: { def: { type: string; shape?: Record<string, unknown> } } } | undefined;
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
    const allowed =
      issue.values.length === 1 ? `must be "${String(issue.values[0])}"` : `must be one of ${issue.values.join(', ')}`;
    return {
      message: `${where}: ${allowed}${hint && issue.values.length > 1 ? `; did you mean "${hint}"?` : ''}`,
      path,
    };
  }
  return { message: `${where}: ${issue.message}`, path };
}

/** Parses and validates AppDeployment YAML text. Pure: paths are checked by loadAppConfig. */
export function parseAppConfig(
  text: string,
  file: string,
): { config: AppDeployment; positions: PositionIndex; raw: unknown } | { issues: ConfigIssue[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [docs];
  const at = (pos: Position, message: string): ConfigIssue => ({ file, line: pos.line, col: pos.col, message });
  const syntax = list
    .flatMap((d) => d.errors)
    .map((e) => {
      const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
      const msg =
        e.code === 'DUPLICATE_KEY'
          ? 'duplicate key: each key may appear only once in a mapping'
          : /call stack/i.test(e.message)
            ? 'nested too deeply'
            : e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      // Positions point at the offending token; 0-based columns from the parser become 1-based here.
      return at(lp, `invalid YAML: ${msg}`);
    });
  if (syntax.length > 0) return { issues: firstIssues(syntax) };
  if (list.length !== 1 || list[0].contents === null)
    return {
      issues: [
        at(
          { line: 1, col: 1 },
          list.length > 1
            ? 'expected one YAML document, found several'
            : 'the file is empty; expected an AppDeployment (apiVersion kaptainkube.dev/v1)',
        ),
      ],
    };
  const doc = list[0];
  const positions = new PositionIndex(doc, lines);
  const raw = toPlain(doc, lines);
  if ('issue' in raw) return { issues: [at(raw.issue.pos, raw.issue.message)] };
  if (raw.value === null || typeof raw.value !== 'object' || Array.isArray(raw.value))
    return { issues: [at({ line: 1, col: 1 }, 'expected a mapping with apiVersion, kind, metadata and spec')] };
  const result = appDeploymentSchema.safeParse(raw.value);
  if (result.success) return { config: result.data, positions, raw: raw.value };
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysOf(issue.path as YamlPath);
      for (const key of issue.keys) {
        const hint = suggest(key, allowed);
        const where = pathLabel(issue.path as YamlPath);
        issues.push(
          at(
            positions.of([...(issue.path as YamlPath), key], { key: true }),
            `unknown key "${key}"${where ? ` in ${where}` : ''}${hint ? `; did you mean "${hint}"?` : `; allowed: ${allowed.join(', ')}`}`,
          ),
        );
      }
      continue;
    }
    const m = issueMessage(issue, raw.value);
    issues.push(at(positions.of(m.path), m.message));
  }
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  return { issues: firstIssues(issues, 50) };
}

/** One broken bracket can make thousands of syntax errors: report each once, and the first few. */
function firstIssues(issues: ConfigIssue[], max = 20): ConfigIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const k = `${i.line}:${i.col}:${i.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (unique.length <= max) return unique;
  const last = unique[max - 1];
  return [
    ...unique.slice(0, max - 1),
    { ...last, message: `${last.message} (and ${unique.length - max + 1} more problems)` },
  ];
}

/** Aliases are expanded at most this often: a few anchors are convenience, thousands are a bomb. */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data, or an issue where alias expansion was refused. */
function toPlain(
  doc: Document,
  lines: LineCounter,
): { value: unknown } | { issue: { pos: Position; message: string } } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (err) {
    let first: Position = { line: 1, col: 1 };
    visit(doc, {
      Alias(_key, node) {
        if (node.range) first = lines.linePos(node.range[0]);
        return visit.BREAK;
      },
    });
    const why = /alias/i.test((err as Error).message)
      ? `aliases expand to too much data (more than ${MAX_ALIAS_COUNT} expansions); write the values out or use fewer aliases`
      : `cannot be read as data (${(err as Error).message.split('\n')[0]})`;
    return { issue: { pos: first, message: `invalid YAML: ${why}` } };
  }
}

/** true for a regular file, false when missing, else what it is ("dir", "a named pipe (FIFO)" …). */
async function isFile(p: string): Promise<boolean | string> {
  try {
    const s = await stat(p);
    return s.isFile() ? true : s.isDirectory() ? 'dir' : kindOf(s);
  } catch {
    return false;
  }
}

export async function loadAppConfig(path: string): Promise<LoadedAppConfig> {
  const file = resolve(path);
  // Refuses FIFOs, devices, directories and files over the limit before parsing.
  const text = await readInputFile(file, { label: path, what: 'an AppDeployment file', maxBytes: INPUT_LIMITS.config });
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
      issues.push({
        file: path,
        ...pos,
        message: `spec.${field}: "${value}" points outside the directory of the config (${dir}); keep it in that directory or below`,
      });
      return undefined;
    }
    return abs;
  };
  const buildContextPath = inside('buildContext', config.spec.buildContext) ?? dir;
  if (issues.length === 0 && (await isFile(buildContextPath)) !== 'dir') {
    issues.push({
      file: path,
      ...positions.of(['spec', 'buildContext']),
      message: `spec.buildContext: "${config.spec.buildContext}" is not a directory`,
    });
  }
  let dockerfilePath: string | undefined;
  if (config.spec.dockerfile) {
    dockerfilePath = inside('dockerfile', config.spec.dockerfile);
    const kind = dockerfilePath ? await isFile(dockerfilePath) : true;
    if (kind !== true) {
      const why =
        kind === false
          ? `does not exist (looked for ${dockerfilePath})`
          : `is ${kind === 'dir' ? 'a directory' : kind}, not a Dockerfile (${dockerfilePath}); give the path of a regular file`;
      issues.push({
        file: path,
        ...positions.of(['spec', 'dockerfile']),
        message: `spec.dockerfile: "${config.spec.dockerfile}" ${why}`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { file, dir, config, dockerfilePath, buildContextPath, positions };
}
