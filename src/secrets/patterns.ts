// What a secret looks like: by its name (DB_PASSWORD, apiKey, client-key-data) and by its
// value (known token formats, URL passwords, PEM private keys). One place decides, so the
// transcript, exports, logs, the model's context, the ConfigMap generator and the
// readiness rules all agree on what must not be shown.
//
// The name rule works on words, never on substrings: a name is split at `_ - . /` and at
// camelCase humps, so KEYCLOAK_URL is [keycloak, url] and MONKEY is [monkey] — neither
// holds the word "key". Then, in order:
//   1. the kubeconfig credential fields client-key-data and client-certificate-data are secret;
//   2. a name whose last word only describes a secret (…_NAME, …Ref, …_FILE, …_PATH, …_URL,
//      …_ID, …_LENGTH, …_ENABLED …) is not: secretName, secretKeyRef, PASSWORD_FILE and
//      TOKEN_URL hold names, paths and addresses, which manifests need intact;
//   3. KEY counts only as the last word after a qualifier that is not a plain lookup key:
//      API_KEY, AWS_SECRET_ACCESS_KEY and STRIPE_KEY are secret; key, topologyKey, PUBLIC_KEY
//      and CACHE_KEY are not;
//   4. AUTH and PRIVATE count as the last word (BASIC_AUTH, npm's _auth), PWD only with a
//      qualifier (DB_PWD — the shell's PWD is the working directory);
//   5. otherwise any word from PASSWORD, PASSWD, PASS, PASSPHRASE, SECRET, TOKEN, CREDENTIAL(S),
//      CREDS, AUTHORIZATION, SALT, PAT (and fused spellings such as apikey) makes it secret.
// SESSION and CERT alone are not secret: sessionAffinity and TLS certificates are public.
import {
  AWS_KEY_ID,
  AWS_SECRET,
  quoted,
  redactByContext,
  TOKEN_FORMATS,
  TOKEN_GATE,
  unquote,
} from './token-formats.js';

export const REDACTED = '[REDACTED]';

const SPLIT = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

function nameWords(name: string): string[] {
  return name
    .split(SPLIT)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

const KUBECONFIG_FIELDS = new Set(['client-key-data', 'client-certificate-data']);
const STRONG = new Set([
  'password',
  'passwords',
  'passwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'authorization',
  'salt',
  'pat',
  'apikey',
  'apikeys',
  'privatekey',
  'secretkey',
  'accesskey',
  'clientsecret',
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'idtoken',
]);
const DESCRIPTIVE_TAIL = new Set([
  'name',
  'names',
  'ref',
  'refs',
  'reference',
  'file',
  'files',
  // `--password-stdin`: where the value is read from, not the value.
  'stdin',
  'path',
  'paths',
  'dir',
  'directory',
  'url',
  'urls',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'user',
  'username',
  'id',
  'ids',
  'type',
  'kind',
  'mode',
  'enabled',
  'disabled',
  'enable',
  'required',
  'length',
  'size',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'timeout',
  'lifetime',
  'header',
  'prefix',
  'suffix',
  'format',
  'version',
  'policy',
  'provider',
  'field',
  'location',
  'count',
  'algorithm',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'method',
  'source',
  'selector',
  'namespace',
  'rotation',
  'hint',
  'pattern',
  'min',
  'max',
  'seconds',
  'duration',
  'interval',
  'env',
  'encryption',
  'complexity',
  'strength',
]);
/** DB_CREDENTIALS_SECRET, TLS_SECRET, auth-secret: the name of a Secret that holds them, not a secret. */
const SECRET_HOLDS = new Set([
  'credentials',
  'credential',
  'creds',
  'password',
  'passwords',
  'token',
  'tokens',
  'tls',
  'cert',
  'certs',
  'certificate',
  'auth',
  'ssh',
  'registry',
  'pull',
]);
/** Qualifiers under which KEY names a lookup key, not a credential. */
const PLAIN_KEY = new Set([
  'password',
  'passwd',
  'username',
  'user',
  'token',
  'credentials',
  'creds',
  'topology',
  'partition',
  'sort',
  'cache',
  'primary',
  'foreign',
  'route',
  'routing',
  'match',
  'label',
  'object',
  'hash',
  'idempotency',
  'lookup',
  'shard',
  'group',
  'public',
  'host',
  'map',
  'index',
  'node',
  'metric',
  'feature',
  'dedup',
  'unique',
  'composite',
  'join',
  'row',
  'column',
  'sharding',
]);

const verdicts = new Map<string, boolean>();

/** True when a variable, field or header with this name holds a credential. */
export function isSecretName(name: string): boolean {
  let v = verdicts.get(name);
  if (v === undefined) {
    // The same few hundred names (manifest fields, env names) come back in every event.
    if (verdicts.size > 10_000) verdicts.clear();
    v = decide(name);
    verdicts.set(name, v);
  }
  return v;
}

function decide(name: string): boolean {
  if (KUBECONFIG_FIELDS.has(name.toLowerCase())) return true;
  const w = nameWords(name);
  const last = w.at(-1);
  if (last === undefined || DESCRIPTIVE_TAIL.has(last)) return false;
  if (last === 'key' || last === 'keys') return w.length >= 2 && !PLAIN_KEY.has(w[w.length - 2]);
  if ((last === 'secret' || last === 'secrets') && w.length >= 2 && SECRET_HOLDS.has(w[w.length - 2])) return false;
  if (last === 'auth' || last === 'private') return true;
  if (last === 'pwd') return w.length >= 2;
  // PGPASSWORD, MYSQLPASSWORD, rootpassword: fused into one word, still a password.
  return w.some((x) => STRONG.has(x) || x.endsWith('password') || x.endsWith('passwd'));
}

/** `${VAR}`, `$(VAR)`, `${{ secrets.X }}` and `$VAR` point at a secret without holding it. */
function isReference(value: string): boolean {
  return /^\s*(\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*)\s*$/.test(value);
}

const BEARER = /\b(Bearer|Token)(\s+)[A-Za-z0-9._~+/-]{12,}=*/g;
const AUTH_HEADER =
  /\b(Authorization|Proxy-Authorization)(["']?\s*[:=]\s*["']?)(Basic|Bearer|Token|Digest)?(\s*)[^\s"',]+/gi;
/** scheme://user:PASS@host — the password part, up to the last @ (one left unencoded in it is common). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@?#'"]*):([^\s/?#'"]+)@/gi;
/**
 * NAME=value, NAME: value, "NAME": "value" — redacted when NAME is a secret name. After a
 * colon the value must end its line or field, so prose ("secret-unfilled: create Secret x")
 * is not mistaken for a setting.
 */
// A value: a GitHub expression, a quoted string, a quoted string inside an escaped string
// (JSON in JSON, YAML's double-quoted scalars: `\"s3cret\"`; JSON in that: `\\\"s3cret\\\"`), or a
// bare word. A name's closing quote takes up to three backslashes: two levels, and cheaper than any.
const VALUE = String.raw`\$\{\{[^}\n]*\}\}|\\+"[^"\n]*?\\+"|\\+'[^'\n]*?\\+'|"[^"\n]*"|'[^'\n]*'|[^\s"',;&]+`;
/**
 * `NAME=value`, `NAME: value` and `--name=value`: a name not inside a longer word (a flag's
 * dashes may lead it), then the value. The `:` form only when the value ends the line or a
 * JSON member, so prose ("Password: see the vault") is left alone.
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9_.-])|(?<=(?:^|[\s"'(=])--?))([A-Za-z_][A-Za-z0-9_.-]*)(\\{0,3}["']?[ \t]*=[ \t]*|\\{0,3}["']?[ \t]*:[ \t]*(?=(?:${VALUE})[ \t]*(?:$|[\r\n,;}\]]|[ \t]#)))(${VALUE})`,
  'gm',
);
/** A command-line flag and its value after a space: `--password s3cret`, `-token abc1`. */
const FLAG_SPACE =
  /(?<=(?:^|[\s"'(])--?)([A-Za-z][A-Za-z0-9_-]*)([ \t]+)(\\*"[^"\n]*?\\*"|'[^'\n]*'|[^\s"'-][^\s"']*)/gm;
/**
 * After a space, a flag may be followed by prose ("set --password to the vault's"): only a
 * value that looks made, not written — a digit, mixed case or a symbol in six characters or
 * more — is taken for a credential. An all-lowercase passphrase there is missed.
 */
const looksMade = (v: string) => {
  const bare = unquote(v);
  return bare.length >= 6 && (/[0-9]/.test(bare) || hasLetterMix(bare) || /[^A-Za-z0-9]/.test(bare));
};
/** Dockerfile's legacy `ENV NAME value` form. */
const ENV_SPACE_FORM = /^([ \t]*(?:ENV|ARG)[ \t]+)([A-Za-z_][A-Za-z0-9_]*)([ \t]+)([^=\n][^\n]*)$/gim;
/** A Kubernetes env entry written as YAML: `name: DB_PASSWORD` then `value: …`. */
const YAML_ENV_PAIR = /(name:[ \t]*["']?)([A-Za-z_][A-Za-z0-9_.-]*)(["']?[ \t]*\r?\n[-+ \t]*value:[ \t]*)([^\n]+)/g;
/** The same pair as JSON or flow YAML (kubectl -o json): `"name": "DB_PASSWORD", "value": "…"`. */
const JSON_ENV_PAIR =
  /((?<![\w-])\\*"?name\\*"?[ \t]*:[ \t]*\\*"?)([A-Za-z_][\w.-]*)(\\*"?[ \t]*,\s*\\*"?value\\*"?[ \t]*:[ \t]*)(\\*"[^"\n]*?\\*"|[^\s,}"\]]+)/g;
/** `password: |` and the more-indented lines below it: a YAML block scalar (helm values, stringData). */
const YAML_BLOCK =
  /^([ \t]*)(-[ \t]+)?([A-Za-z_][\w.-]*)(["']?[ \t]*:[ \t]*[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\n)((?:\1[ \t]+[^\n]*\n|\r?\n)*\1[ \t]+[^\n]*)/gm;
/** A secret-named flag and its value as two items of a list: `["--password", "…"]` (container args). */
const FLAG_ITEM = /(\\*["'])(--?)([A-Za-z][\w-]*)\1([ \t]*,\s*)(\\*["'])([^"'\n\\]*)\5/g;
/** The same in a YAML block list: `- --password` then `- …`. */
const FLAG_LINE = /^([ \t]*-[ \t]+)(["']?)(--?)([A-Za-z][\w-]*)\2([ \t]*\r?\n[ \t]*-[ \t]+)([^\n]+)$/gm;
/** `curl -H "X-Api-Key: …"`: a secret-named header inside a quoted flag value. */
const HEADER_FLAG = /((?:^|\s)(?:-H|--header)[ \t=]*\\*["'])([A-Za-z][\w-]*)([ \t]*:[ \t]*)([^"'\n\\]+)/g;
/** ODBC's `Uid=sa;Pwd=…`: after another `key=value;`, unlike the shell's `cd /app; PWD=/app`. */
const ODBC_PWD = /(?<==[^;=\n]*;[ \t]*)(pwd[ \t]*=[ \t]*)(\{[^}\n]*\}|[^;\s"']+)/gi;
/** kubectl's `--from-literal=password=…`: a value that is itself an assignment. */
const INNER_ASSIGNMENT = /^(\\*["']?)([A-Za-z_][\w.-]*)=([^\\"']+)(\\*["']?)$/;

const hasLetterMix = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);

/**
 * Values a secret-named field may hold that are not credentials: nothing, a reference, a
 * placeholder (<from Secret x>), a flag (automountServiceAccountToken: false), or the name
 * of a key inside a Secret (secretKey: token, passwordKey: password).
 */
export function isHarmlessValue(value: string): boolean {
  const bare = unquote(value.trim());
  return (
    bare === '' ||
    bare === REDACTED ||
    bare === '***' ||
    isReference(bare) ||
    /^<[^<>]*>$/.test(bare) ||
    /^(true|false|null|username|user|key)$/i.test(bare) ||
    STRONG.has(bare.toLowerCase())
  );
}

function keepUnlessSecret(name: string, value: string): boolean {
  // A YAML block indicator (`password: |`): YAML_BLOCK takes the lines below it.
  return (
    !isSecretName(name) ||
    isHarmlessValue(value) ||
    value.startsWith('{') ||
    value.startsWith('[') ||
    /^[|>][-+0-9]*$/.test(value)
  );
}

/**
 * Text that holds none of these holds no secret name: every name isSecretName accepts
 * contains one of them (KUBECONFIG_FIELDS, KEY, AUTH, PRIVATE, PWD and each STRONG word),
 * and names here are ASCII. Most lines (labels, ports, images) have none.
 */
const NAME_HINT = /key|pass|pwd|secret|token|cred|auth|salt|pat|private|certificate/i;

/** Replaces secret values in free text: token formats, URL passwords, auth headers and secret-named assignments. */
export function redactSecretText(s: string): string {
  return redactText(s, true);
}

/** redactSecretText with every secret-name rule run, hint or not: what the hint must never change. */
export function redactSecretTextUnhinted(s: string): string {
  return redactText(s, false);
}

function redactText(s: string, hinted: boolean): string {
  if (s.length < 6) return s;
  let out = s;
  // Cheap gates first: most strings (labels, names, numbers) hold none of these markers.
  if (TOKEN_GATE.test(out)) for (const re of TOKEN_FORMATS) out = out.replace(re, REDACTED);
  if (AWS_KEY_ID.test(s)) out = out.replace(AWS_SECRET, (m) => (hasLetterMix(m) ? REDACTED : m));
  if (/bearer|token|authorization/i.test(out)) {
    // A digit tells a credential from prose ("Bearer tokens are sent …").
    out = out.replace(BEARER, (m, scheme: string, sp: string) => (/[0-9]/.test(m) ? `${scheme}${sp}${REDACTED}` : m));
    out = out.replace(
      AUTH_HEADER,
      (_m, h: string, sep: string, scheme: string | undefined, sp: string) =>
        `${h}${sep}${scheme ?? ''}${sp}${REDACTED}`,
    );
  }
  // A password that is only a reference ($(DB_PASSWORD), ${PASS}) holds no secret: manifests need it intact.
  if (out.includes('://'))
    out = out.replace(URL_PASSWORD, (m, head: string, pass: string) => (isReference(pass) ? m : `${head}:***@`));
  out = redactByContext(out, REDACTED, isHarmlessValue, isSecretName);
  // Only a secret name changes anything below, and text that had none still has none.
  if (hinted && !NAME_HINT.test(out)) return out;
  if (out.includes('=') || out.includes(':')) {
    out = out.replace(ASSIGNMENT, (m, name: string, sep: string, value: string) => {
      if (!keepUnlessSecret(name, value)) return `${name}${sep}${quoted(value, REDACTED)}`;
      const inner = INNER_ASSIGNMENT.exec(value);
      return inner && !keepUnlessSecret(inner[2], inner[3])
        ? `${name}${sep}${inner[1]}${inner[2]}=${REDACTED}${inner[4]}`
        : m;
    });
    if (out.includes(',') && out.includes('value'))
      out = out.replace(JSON_ENV_PAIR, (m, a: string, name: string, b: string, value: string) =>
        keepUnlessSecret(name, value) ? m : `${a}${name}${b}${quoted(value, REDACTED)}`,
      );
    if (/;[ \t]*pwd/i.test(out))
      out = out.replace(ODBC_PWD, (m, head: string, v: string) => (isHarmlessValue(v) ? m : `${head}${REDACTED}`));
    if (/:[ \t]*[|>]/.test(out))
      out = out.replace(
        YAML_BLOCK,
        (m, ind: string, dash: string | undefined, name: string, head: string, body: string) =>
          isSecretName(name) ? `${ind}${dash ?? ''}${name}${head}${/^[ \t]*/.exec(body)?.[0] ?? ''}${REDACTED}` : m,
      );
    out = out.replace(YAML_ENV_PAIR, (m, a: string, name: string, b: string, value: string) =>
      keepUnlessSecret(name, value.trim()) ? m : `${a}${name}${b}${REDACTED}`,
    );
  }
  if (out.includes('-')) {
    out = out.replace(FLAG_SPACE, (m, name: string, sp: string, value: string) =>
      keepUnlessSecret(name, value) || !looksMade(value) ? m : `${name}${sp}${quoted(value, REDACTED)}`,
    );
    // A list item after a flag is its value: no need for it to look made.
    if (/["']-/.test(out))
      out = out.replace(FLAG_ITEM, (m, q: string, d: string, name: string, sep: string, q2: string, value: string) =>
        keepUnlessSecret(name, value) || value.startsWith('-') ? m : `${q}${d}${name}${q}${sep}${q2}${REDACTED}${q2}`,
      );
    if (/-[ \t]+["']?-/.test(out))
      out = out.replace(FLAG_LINE, (m, a: string, q: string, d: string, name: string, b: string, value: string) =>
        keepUnlessSecret(name, value.trim()) || value.startsWith('-')
          ? m
          : `${a}${q}${d}${name}${q}${b}${quoted(value, REDACTED)}`,
      );
    if (/-H|--header/.test(out))
      out = out.replace(HEADER_FLAG, (m, a: string, name: string, sep: string, value: string) =>
        keepUnlessSecret(name, value.trim()) || value.includes(REDACTED) ? m : `${a}${name}${sep}${REDACTED}`,
      );
  }
  if (/\b(ENV|ARG)[ \t]/i.test(out))
    out = out.replace(ENV_SPACE_FORM, (m, head: string, name: string, sp: string, value: string) =>
      keepUnlessSecret(name, value.trim()) ? m : `${head}${name}${sp}${REDACTED}`,
    );
  return out;
}

/** True when a value is a credential by its format alone (a token, a private key, a URL with a password). */
export function looksLikeSecretValue(value: string): boolean {
  if (value.includes(REDACTED)) return true;
  if ([...value.matchAll(URL_PASSWORD)].some((m) => !isReference(m[2]))) return true;
  return TOKEN_FORMATS.some((re) => {
    re.lastIndex = 0;
    return re.test(value);
  });
}
