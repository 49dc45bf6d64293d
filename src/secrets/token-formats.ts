// Credentials told by their format (a token's prefix and shape) or by where they stand (a
// well-known CLI's password argument, a cookie, a URL's signature), whatever they are called.
// Unlike the name rules in patterns.ts, none of these needs a secret name in the text.

/** Token formats that are secret wherever they appear. */
export const TOKEN_FORMATS: RegExp[] = [
  /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----|$)/g,
  /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g,
  /\bsk-(proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}/g,
  /\b[sr]k_(live|test)_[A-Za-z0-9]{10,}\b/g,
  /\bwhsec_[A-Za-z0-9]{16,}\b/g,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // Slack bot, user and app-level tokens, and the secret path of an incoming webhook.
  /\bx(ox[baprs]|app)-[A-Za-z0-9-]{10,}/g,
  /(?<=hooks\.slack\.com\/services\/)T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // Google OAuth access tokens (gcloud auth print-access-token).
  /\bya29\.[A-Za-z0-9_-]{20,}/g,
  // GitLab personal, runner, deploy, trigger, OAuth and feed tokens.
  /\bgl(pat|rt|dt|ptt|oas|soat|cbt|ft|imt)-[A-Za-z0-9_-]{20,}\b/g,
  /\bnpm_[A-Za-z0-9]{36,}\b/g,
  /\bpypi-AgE[A-Za-z0-9_-]{40,}/g,
  /\bhf_[A-Za-z0-9]{30,}\b/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
  /\bdo[por]_v1_[a-f0-9]{64}\b/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
];
/** Text without any of these markers holds none of the formats. */
export const TOKEN_GATE =
  /-----BEGIN|gh[pousr]_|github_pat_|sk-|[sr]k_(live|test)_|whsec_|AKIA|ASIA|xox[baprs]-|xapp-|hooks\.slack|AIza|ya29\.|gl(pat|rt|dt|ptt|oas|soat|cbt|ft|imt)-|npm_|pypi-|hf_|SG\.|do[por]_v1_|eyJ/;
export const AWS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** A 40-character AWS secret access key; only looked for beside an access key id. */
export const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** A value without the quotes around it: none, `"…"`, or escaped `\"…\"` (at any depth). */
export const unquote = (value: string): string => value.replace(/^\\*["']|\\*["']$/g, '');

/** `replacement` in the quotes `value` had: none, `"…"`, or escaped `\"…\"` (at any depth). */
export function quoted(value: string, replacement: string): string {
  const q = /^\\*["']/.exec(value)?.[0] ?? '';
  return `${q}${replacement}${q}`;
}

// A command-line value: quoted (perhaps escaped) or a bare word up to the next separator.
const ARG = String.raw`\\*"[^"\n]*?\\*"|'[^'\n]*'|[^\s"'|;&]+`;
/** `cmd … flag value` within one command (no pipe, `;` or `&&` between them). */
const cliFlag = (cmd: string, flag: string, attached = false) =>
  new RegExp(String.raw`(\b(?:${cmd})\b[^\n|;&]*?[ \t]${flag}${attached ? '' : '[ \\t]+'})(${ARG})`, 'g');
/**
 * Password arguments whose flag says nothing by its name: mysql's `-pSECRET` (with a space,
 * -p prompts instead), redis-cli's `-a`, `-p` of a registry login, az login and sshpass.
 */
const CLI_PASSWORDS: RegExp[] = [
  cliFlag('mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mariadb-admin', '-p', true),
  cliFlag('redis-cli', '-a'),
  cliFlag('(?:docker|podman|buildah|helm registry|oras) login', '-p'),
  cliFlag('az login', '-p'),
  cliFlag('sshpass', '-p'),
];
/** curl's and wget's `-u user:password`: the part after the colon. */
const CLI_USER = cliFlag('curl|wget', '(?:-u|-U|--user|--proxy-user)');
/** `aws configure set aws_secret_access_key VALUE`: a name and its value, no `=`. */
const AWS_CONFIGURE =
  /(\baws[ \t]+configure[ \t]+set[ \t]+)([A-Za-z_][\w.-]*)([ \t]+)(\\*"[^"\n]*?\\*"|'[^'\n]*'|\S+)/g;
/** A Cookie or Set-Cookie header: every cookie value is a session credential. */
const COOKIE_HEADER = /\b((?:Set-)?Cookie)(\\*["']?[ \t]*:[ \t]*)([^\r\n"'\\]+)/gi;
const COOKIE_PAIR = /(^|;[ \t]*)([^=;\s]+)=([^;]*)/g;
const COOKIE_ATTRIBUTE = /^(path|domain|expires|max-age|samesite|secure|httponly|priority|partitioned)$/i;
/** One scan for every rule here: most strings hold none of these words. */
const CONTEXT_GATE = /[Cc]ookie|COOKIE|[Ss]ig(nature)?=|mysql|mariadb|redis-cli|login|sshpass|curl|wget|configure/;
/** URL signatures (S3 and GCS presigned URLs, Azure SAS `sig=`): the URL alone grants access. */
const URL_SIGNATURE = /([?&](?:sig|signature|X-Amz-Signature|X-Goog-Signature)=)([^&\s"'#\\]+)/gi;

/**
 * Redacts credentials told by where they stand; `harmless` keeps references ($PASS) and
 * placeholders, `secretName` decides for `aws configure set`.
 */
export function redactByContext(
  s: string,
  redacted: string,
  harmless: (v: string) => boolean,
  secretName: (n: string) => boolean,
): string {
  if (!CONTEXT_GATE.test(s)) return s;
  let out = s;
  const value = (m: string, head: string, v: string) => (harmless(v) ? m : `${head}${quoted(v, redacted)}`);
  if (/mysql|mariadb|redis-cli|login|sshpass/.test(out)) for (const re of CLI_PASSWORDS) out = out.replace(re, value);
  if (/curl|wget/.test(out))
    out = out.replace(CLI_USER, (m, head: string, v: string) => {
      const colon = v.indexOf(':');
      return colon < 0 || harmless(v.slice(colon + 1)) ? m : `${head}${v.slice(0, colon + 1)}${redacted}`;
    });
  if (/configure/.test(out))
    out = out.replace(AWS_CONFIGURE, (m, head: string, n: string, sp: string, v: string) =>
      secretName(n) && !harmless(v) ? `${head}${n}${sp}${quoted(v, redacted)}` : m,
    );
  if (/cookie/i.test(out))
    out = out.replace(
      COOKIE_HEADER,
      (_m, h: string, sep: string, v: string) =>
        `${h}${sep}${v.replace(COOKIE_PAIR, (p, lead: string, n: string, cv: string) => (COOKIE_ATTRIBUTE.test(n) || harmless(cv) ? p : `${lead}${n}=${redacted}`))}`,
    );
  if (/sig(nature)?=/i.test(out)) out = out.replace(URL_SIGNATURE, `$1${redacted}`);
  return out;
}
