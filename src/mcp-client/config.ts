// kubectl-ai's mcp.yaml, read the way users wish kubectl-ai read it: camelCase and
// snake_case keys alike, ${VAR} and ${VAR:-default} expansion, headers, MCP_<NAME>_*
// environment overrides, and unknown keys reported with file:line:col instead of
// silently dropped.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { z } from 'zod';
import { isSecretName } from '../secrets/patterns.js';
import { readInputFile } from '../input/read.js';

// The schemas are built on first use: most runs read no mcp.yaml, and building them costs
// more than everything else this module does at load.
let schemas: ReturnType<typeof buildSchemas> | undefined;

function buildSchemas() {
  /** The MCP authorization spec's OAuth: discovery, then a browser sign-in (or client credentials). All optional. */
  const oauthAuthSchema = z
    .object({
      type: z.literal('oauth'),
      /** authorization_code (a person signs in through the browser) or client_credentials (a machine identity). */
      grant: z.enum(['authorization_code', 'client_credentials']).default('authorization_code'),
      /** A client registered with the authorization server beforehand; without one, dynamic registration. */
      clientId: z.string().min(1).optional(),
      clientSecret: z.string().min(1).optional(),
      /** A PEM private key (or the path of one) for private_key_jwt client authentication. */
      privateKey: z.string().min(1).optional(),
      signingAlgorithm: z.string().default('RS256'),
      /** Scopes to ask for when neither the server's challenge nor its metadata names any. */
      scopes: z.union([z.array(z.string()), z.string().transform((s) => s.split(/\s+/).filter(Boolean))]).default([]),
      /** The loopback port the browser is sent back to; 0 picks a free one (remembered with the registration). */
      redirectPort: z.number().int().min(0).max(65535).optional(),
      /** An HTTPS URL serving this client's metadata document, used as its client id where the server supports it. */
      clientMetadataUrl: z
        .string()
        .url()
        .refine((u) => /^https:$/i.test(new URL(u).protocol) && new URL(u).pathname !== '/', {
          message: 'clientMetadataUrl must be an https URL with a path (the authorization server fetches it)',
        })
        .optional(),
    })
    .refine((a) => a.grant !== 'client_credentials' || (a.clientId && (a.clientSecret || a.privateKey)), {
      message: 'client_credentials needs clientId and clientSecret or privateKey',
    });

  const authSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
    z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }),
    z.object({ type: z.literal('api-key'), apiKey: z.string().min(1), headerName: z.string().default('X-Api-Key') }),
    oauthAuthSchema,
  ]);

  const server = z.object({
    name: z.string().min(1),
    command: z.string().optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    url: z.string().url().optional(),
    transport: z.enum(['stdio', 'http', 'sse']).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    timeout: z.number().positive().default(30),
    auth: authSchema.optional(),
    oauthConfig: z
      .object({
        clientId: z.string(),
        clientSecret: z.string(),
        /** Without it, the token endpoint is discovered from the server (the MCP authorization spec). */
        tokenUrl: z.string().url().optional(),
        scopes: z.array(z.string()).default([]),
        redirectUrl: z.string().optional(),
      })
      .optional(),
    skipVerify: z.boolean().default(false),
    useStreaming: z.boolean().default(true),
    /** Believe this server's tool annotations (readOnlyHint) for the approval gate. */
    trusted: z.boolean().default(false),
    /** A stdio server gets the SDK's minimal environment plus `env`; true hands it the whole environment. */
    inheritEnv: z.boolean().optional(),
  });
  return { oauth: oauthAuthSchema, server };
}

/** One server entry of mcp.yaml (kubectl-ai's keys), after its defaults. */
export function serverConfigSchema(): ReturnType<typeof buildSchemas>['server'] {
  return (schemas ??= buildSchemas()).server;
}

export type OAuthSettings = z.infer<ReturnType<typeof buildSchemas>['oauth']>;
export type ServerConfig = z.infer<ReturnType<typeof serverConfigSchema>>;

export interface McpConfigResult {
  file?: string;
  servers: ServerConfig[];
  warnings: string[];
}

export class McpConfigError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** kubectl-ai's search order: $XDG_CONFIG_HOME, ~/.config, %APPDATA% on Windows. */
export function defaultMcpConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'kubectl-ai', 'mcp.yaml');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'kubectl-ai', 'mcp.yaml');
}

const canon = (k: string) => k.replace(/[-_]/g, '').toLowerCase();
/** Every accepted spelling folds to these canonical keys. */
const SERVER_KEYS: Record<string, string> = Object.fromEntries(
  [
    'name',
    'command',
    'args',
    'env',
    'url',
    'transport',
    'headers',
    'timeout',
    'auth',
    'oauthConfig',
    'skipVerify',
    'useStreaming',
    'trusted',
    'inheritEnv',
  ].map((k) => [canon(k), k]),
);
const AUTH_KEYS: Record<string, string> = Object.fromEntries(
  [
    'type',
    'token',
    'username',
    'password',
    'apiKey',
    'headerName',
    'grant',
    'clientId',
    'clientSecret',
    'privateKey',
    'signingAlgorithm',
    'scopes',
    'redirectPort',
    'clientMetadataUrl',
  ].map((k) => [canon(k), k]),
);
const OAUTH_KEYS: Record<string, string> = Object.fromEntries(
  ['clientId', 'clientSecret', 'tokenUrl', 'scopes', 'redirectUrl'].map((k) => [canon(k), k]),
);

/** ${VAR} and ${VAR:-default}; a variable that is unset with no default is collected in `missing`. */
function expandVars(s: string, env: NodeJS.ProcessEnv, missing: Set<string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, def: string | undefined) => {
    const v = env[name] ?? def;
    if (v === undefined) missing.add(name);
    return v ?? '';
  });
}

function expandAll(v: unknown, env: NodeJS.ProcessEnv, missing: Set<string>): unknown {
  if (typeof v === 'string') return expandVars(v, env, missing);
  if (Array.isArray(v)) return v.map((x) => expandAll(x, env, missing));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandAll(x, env, missing)]));
  return v;
}

/** As a shell would for a command line: a leading `~` or `~/`, and bare `$VAR` (kubectl-ai expands both). */
function expandPath(s: string, env: NodeJS.ProcessEnv, missing: Set<string>): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  const out = s.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    if (env[name] === undefined) missing.add(name);
    return env[name] ?? '';
  });
  return out === '~' ? home : out.startsWith('~/') ? join(home, out.slice(2)) : out;
}

export async function loadMcpConfig(opts: { path?: string; env?: NodeJS.ProcessEnv } = {}): Promise<McpConfigResult> {
  const env = opts.env ?? process.env;
  const file = opts.path ?? env.KAPTAIN_MCP_CONFIG ?? defaultMcpConfigPath(env);
  let text: string | undefined;
  try {
    // A FIFO, device or huge file is refused rather than waited on or read whole.
    text = await readInputFile(file, { what: 'an mcp.yaml file', maxBytes: 1024 * 1024, optional: !opts.path });
  } catch (err) {
    throw new McpConfigError((err as Error).message);
  }
  // A missing file means no external servers, unless the user named it.
  if (text === undefined) return { servers: [], warnings: [] };
  return { file, ...parseMcpConfig(text, file, env) };
}

export function parseMcpConfig(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): { servers: ServerConfig[]; warnings: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const pos = (n: Node | null | undefined) => {
    const p = lines.linePos(n?.range?.[0] ?? 0);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new McpConfigError(
      `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const warnings: string[] = [];
  const root = doc.contents;
  if (root === null) return { servers: [], warnings };
  if (!isMap(root)) throw new McpConfigError(`${pos(root as Node)}: expected a mapping with a "servers" list`);
  const serversPair = root.items.find(
    (p) => isPair(p) && isScalar(p.key) && canon(String(p.key.value)) === 'servers',
  ) as Pair | undefined;
  for (const p of root.items)
    if (isPair(p) && isScalar(p.key) && canon(String(p.key.value)) !== 'servers')
      warnings.push(`${pos(p.key as Node)}: unknown key "${String(p.key.value)}" ignored (expected "servers")`);
  const list = serversPair?.value;
  if (!serversPair || list === null || list === undefined) return { servers: [], warnings };
  if (!isSeq(list)) throw new McpConfigError(`${pos(list as Node)}: "servers" must be a list`);

  // Folds one mapping's keys to canonical spellings, warning about unknown ones.
  const fold = (node: unknown, keys: Record<string, string>, where: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (!isMap(node)) return out;
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const raw = String(p.key.value);
      const k = keys[canon(raw)];
      if (!k) {
        warnings.push(`${pos(p.key as Node)}: unknown key "${raw}" in ${where} ignored`);
        continue;
      }
      out[k] =
        k === 'auth'
          ? fold(p.value, AUTH_KEYS, `${where}.auth`)
          : k === 'oauthConfig'
            ? fold(p.value, OAUTH_KEYS, `${where}.oauthConfig`)
            : ((p.value as Node | null)?.toJSON?.() ?? (isScalar(p.value) ? p.value.value : p.value));
    }
    return out;
  };

  // A broken entry disables only itself: the rest load, with a warning naming where it is.
  const servers: ServerConfig[] = [];
  const names = new Set<string>();
  list.items.forEach((item, i) => {
    const where = `servers[${i}]`;
    // Unset variables by field, so one an MCP_<NAME>_* override replaces does not count.
    const missing = new Map<string, Set<string>>();
    const expand = (k: string, v: unknown): unknown => {
      const m = new Set<string>();
      missing.set(k, m);
      const out = expandAll(v, env, m);
      if (k === 'command' && typeof out === 'string') return expandPath(out, env, m);
      if (k === 'args' && Array.isArray(out))
        return out.map((a) => (typeof a === 'string' ? expandPath(a, env, m) : a));
      return out;
    };
    const raw = Object.fromEntries(Object.entries(fold(item, SERVER_KEYS, where)).map(([k, v]) => [k, expand(k, v)]));
    if (typeof raw.auth === 'object' && raw.auth && (raw.auth as { type?: string }).type === 'apikey')
      (raw.auth as { type: string }).type = 'api-key';
    const name = typeof raw.name === 'string' ? raw.name : undefined;
    const label = `${where}${name ? ` (${name})` : ''}`;
    const skip = (why: string) => warnings.push(`${pos(item as Node)}: ${label} ${why}; this server is disabled`);
    const overridden = name ? applyEnvOverrides(raw, name, env) : new Set<string>();
    const unset = [...new Set([...missing].filter(([k]) => !overridden.has(k)).flatMap(([, m]) => [...m]))];
    if (unset.length)
      return skip(`uses ${unset.map((m) => `$${m}`).join(', ')}, which ${unset.length === 1 ? 'is' : 'are'} not set`);
    const parsed = serverConfigSchema().safeParse(raw);
    if (!parsed.success)
      return skip(
        parsed.error.issues
          .map((issue) => `has an invalid ${issue.path.length ? issue.path.join('.') : 'entry'}: ${issue.message}`)
          .join('; '),
      );
    const s = parsed.data;
    if (!s.url && !s.command) skip('needs either url or command');
    else if (names.has(s.name)) skip(`reuses the server name "${s.name}"`);
    else {
      names.add(s.name);
      servers.push(s);
    }
  });
  return { servers, warnings };
}

/** MCP_<NAME>_URL|COMMAND|TOKEN|API_KEY|USERNAME|PASSWORD, NAME upper-cased with - → _. */
/** Applies the overrides; returns the fields they replaced. */
function applyEnvOverrides(raw: Record<string, unknown>, name: string, env: NodeJS.ProcessEnv): Set<string> {
  const prefix = `MCP_${name.toUpperCase().replace(/-/g, '_')}_`;
  const get = (k: string) => env[prefix + k];
  const replaced = new Set<string>();
  for (const field of ['url', 'command'] as const) {
    const v = get(field.toUpperCase());
    if (v) {
      raw[field] = v;
      replaced.add(field);
    }
  }
  if (get('TOKEN') || get('API_KEY') || get('USERNAME') || get('PASSWORD')) replaced.add('auth');
  const auth = (raw.auth as Record<string, unknown> | undefined) ?? {};
  if (get('TOKEN')) Object.assign(auth, { type: 'bearer', token: get('TOKEN') });
  if (get('API_KEY')) Object.assign(auth, { type: 'api-key', apiKey: get('API_KEY') });
  if (get('USERNAME') || get('PASSWORD'))
    Object.assign(auth, {
      type: 'basic',
      username: get('USERNAME') ?? auth.username,
      password: get('PASSWORD') ?? auth.password ?? '',
    });
  if (Object.keys(auth).length) raw.auth = auth;
  // Every other MCP_<NAME>_<VAR> reaches a stdio server's environment as VAR.
  if (raw.url === undefined) {
    const passed: Record<string, string> = {};
    for (const [k, v] of Object.entries(env))
      if (
        k.startsWith(prefix) &&
        k.length > prefix.length &&
        v !== undefined &&
        !CONFIG_OVERRIDES.has(k.slice(prefix.length))
      )
        passed[k.slice(prefix.length)] = v;
    if (Object.keys(passed).length) raw.env = { ...(raw.env as Record<string, string> | undefined), ...passed };
  }
  return replaced;
}

const CONFIG_OVERRIDES = new Set(['URL', 'COMMAND']);

/** Every credential in the configs, so transcripts and exports can redact them. */
export function secretValuesOf(servers: readonly ServerConfig[]): string[] {
  const out: string[] = [];
  for (const s of servers) {
    const a = s.auth;
    if (a?.type === 'bearer') out.push(a.token);
    if (a?.type === 'basic') out.push(a.password, Buffer.from(`${a.username}:${a.password}`).toString('base64'));
    if (a?.type === 'api-key') out.push(a.apiKey);
    if (a?.type === 'oauth') out.push(...[a.clientSecret, a.privateKey].filter((v) => v !== undefined));
    if (s.oauthConfig) out.push(s.oauthConfig.clientSecret);
    for (const [k, v] of Object.entries(s.headers))
      if (/auth|token|key|secret/i.test(k)) out.push(v.replace(/^(Bearer|Basic)\s+/i, ''), v);
    for (const [k, v] of Object.entries(s.env)) if (isSecretName(k)) out.push(v);
  }
  return out.filter((v) => v.length >= 6);
}

export function redactServerConfig(s: ServerConfig): ServerConfig {
  const hide = '[REDACTED]';
  const auth =
    s.auth && s.auth.type !== 'none'
      ? {
          ...s.auth,
          ...('token' in s.auth ? { token: hide } : {}),
          ...('password' in s.auth ? { password: hide } : {}),
          ...('apiKey' in s.auth ? { apiKey: hide } : {}),
          ...('clientSecret' in s.auth && s.auth.clientSecret ? { clientSecret: hide } : {}),
          ...('privateKey' in s.auth && s.auth.privateKey ? { privateKey: hide } : {}),
        }
      : s.auth;
  return {
    ...s,
    auth: auth as ServerConfig['auth'],
    oauthConfig: s.oauthConfig ? { ...s.oauthConfig, clientSecret: hide } : undefined,
    headers: Object.fromEntries(
      Object.entries(s.headers).map(([k, v]) => [k, /auth|token|key|secret/i.test(k) ? hide : v]),
    ),
  };
}
