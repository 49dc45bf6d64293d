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
  return w.some((x) => STRONG.has(x));
}

/** `${VAR}`, `$(VAR)`, `${{ secrets.X }}` and `$VAR` point at a secret without holding it. */
function isReference(value: string): boolean {
  return /^\s*(\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*)\s*$/.test(value);
}

/** Token formats that are secret wherever they appear, whatever they are called. */
const TOKEN_FORMATS: RegExp[] = [
  /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----|$)/g,
  /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g,
  /\bsk-(proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}/g,
  /\b[sr]k_(live|test)_[A-Za-z0-9]{10,}\b/g,
  /\bwhsec_[A-Za-z0-9]{16,}\b/g,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bxox[baprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
];
const TOKEN_GATE =
  /-----BEGIN|gh[pousr]_|github_pat_|sk-|[sr]k_(live|test)_|whsec_|AKIA|ASIA|xox[baprs]-|AIza|glpat-|eyJ/;
const AWS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** A 40-character AWS secret access key; only looked for beside an access key id. */
const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const BEARER = /\b(Bearer|Token)(\s+)[A-Za-z0-9._~+/-]{12,}=*/g;
const AUTH_HEADER =
  /\b(Authorization|Proxy-Authorization)(["']?\s*[:=]\s*["']?)(Basic|Bearer|Token|Digest)?(\s*)[^\s"',]+/gi;
/** scheme://user:PASS@host — the password part (an @ inside it must be percent-encoded). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@?#'"]*):([^\s/?#'"@]+)@/gi;
/**
 * NAME=value, NAME: value, "NAME": "value" — redacted when NAME is a secret name. After a
 * colon the value must end its line or field, so prose ("secret-unfilled: create Secret x")
 * is not mistaken for a setting.
 */
// A value: a GitHub expression, a quoted string, a quoted string inside an escaped string
// (JSON in JSON, YAML's double-quoted scalars: `\"s3cret\"`), or a bare word.
const VALUE = String.raw`\$\{\{[^}\n]*\}\}|\\"[^"\n]*?\\"|\\'[^'\n]*?\\'|"[^"\n]*"|'[^'\n]*'|[^\s"',;&]+`;
/**
 * `NAME=value`, `NAME: value` and `--name=value`: a name not inside a longer word (a flag's
 * dashes may lead it), then the value. The `:` form only when the value ends the line or a
 * JSON member, so prose ("Password: see the vault") is left alone.
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9_.-])|(?<=(?:^|[\s"'(=])--?))([A-Za-z_][A-Za-z0-9_.-]*)(\\?["']?[ \t]*=[ \t]*|\\?["']?[ \t]*:[ \t]*(?=(?:${VALUE})[ \t]*(?:$|[\r\n,;}\]])))(${VALUE})`,
  'gm',
);
/** A command-line flag and its value after a space: `--password s3cret`, `-token abc1`. */
const FLAG_SPACE =
  /(?<=(?:^|[\s"'(])--?)([A-Za-z][A-Za-z0-9_-]*)([ \t]+)(\\?"[^"\n]*?\\?"|'[^'\n]*'|[^\s"'-][^\s"']*)/gm;
/**
 * After a space, a flag may be followed by prose ("set --password to the vault's"): only a
 * value that looks made, not written — a digit, mixed case or a symbol in six characters or
 * more — is taken for a credential. An all-lowercase passphrase there is missed.
 */
const looksMade = (v: string) => {
  const bare = v.replace(/^\\?["']|\\?["']$/g, '');
  return bare.length >= 6 && (/[0-9]/.test(bare) || hasLetterMix(bare) || /[^A-Za-z0-9]/.test(bare));
};
/** Dockerfile's legacy `ENV NAME value` form. */
const ENV_SPACE_FORM = /^([ \t]*(?:ENV|ARG)[ \t]+)([A-Za-z_][A-Za-z0-9_]*)([ \t]+)([^=\n][^\n]*)$/gim;
/** A Kubernetes env entry written as YAML: `name: DB_PASSWORD` then `value: …`. */
const YAML_ENV_PAIR = /(name:[ \t]*["']?)([A-Za-z_][A-Za-z0-9_.-]*)(["']?[ \t]*\r?\n[-+ \t]*value:[ \t]*)([^\n]+)/g;

const hasLetterMix = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);

/**
 * Values a secret-named field may hold that are not credentials: nothing, a reference, a
 * placeholder (<from Secret x>), a flag (automountServiceAccountToken: false), or the name
 * of a key inside a Secret (secretKey: token, passwordKey: password).
 */
export function isHarmlessValue(value: string): boolean {
  const bare = value.trim().replace(/^\\?["']|\\?["']$/g, '');
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

/** `replacement` in the quotes `value` had: none, `"…"`, or escaped `\"…\"`. */
function quoted(value: string, replacement: string): string {
  const q = /^\\?["']/.exec(value)?.[0] ?? '';
  return `${q}${replacement}${q}`;
}

function keepUnlessSecret(name: string, value: string): boolean {
  return !isSecretName(name) || isHarmlessValue(value) || value.startsWith('{') || value.startsWith('[');
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
  // Only a secret name changes anything below, and text that had none still has none.
  if (hinted && !NAME_HINT.test(out)) return out;
  if (out.includes('=') || out.includes(':')) {
    out = out.replace(ASSIGNMENT, (m, name: string, sep: string, value: string) =>
      keepUnlessSecret(name, value) ? m : `${name}${sep}${quoted(value, REDACTED)}`,
    );
    out = out.replace(YAML_ENV_PAIR, (m, a: string, name: string, b: string, value: string) =>
      keepUnlessSecret(name, value.trim()) ? m : `${a}${name}${b}${REDACTED}`,
    );
  }
  if (out.includes('-'))
    out = out.replace(FLAG_SPACE, (m, name: string, sp: string, value: string) =>
      keepUnlessSecret(name, value) || !looksMade(value) ? m : `${name}${sp}${quoted(value, REDACTED)}`,
    );
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
