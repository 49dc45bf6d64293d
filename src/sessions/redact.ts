// Secret values never reach a transcript, an export, a log or the model: known secret
// values (credentials from the environment and mcp.yaml) are replaced wherever they
// appear, fields and {name, value} pairs whose names say "secret" lose their values,
// Secret objects lose their data, and free text loses anything that looks like a
// credential (see ../secrets/patterns.ts for the name and value rules).
import { isHarmlessValue, isSecretName, redactSecretText, REDACTED } from '../secrets/patterns.js';

export { REDACTED } from '../secrets/patterns.js';

/** Values of environment variables that hold credentials (OPENAI_API_KEY, MCP_*_TOKEN, DB_PASSWORD …). */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([k, v]) => isSecretName(k) && typeof v === 'string' && v.length >= 6)
    .map(([, v]) => v as string);
}

/** Fields of a {name, value} pair (Dockerfile ENV/ARG facts, container env) that hold the value. */
const PAIR_VALUES = new Set(['value', 'defaultValue', 'default']);

const hides = (v: string) => !isHarmlessValue(v);

/** Bounds of a redactor's cache of strings: a few MB at most. */
const TEXT_CACHE_ENTRIES = 20_000;
const TEXT_CACHE_CHARS = 4_000_000;

/** Credentials the program obtains while it runs (OAuth tokens from a sign-in or a renewal). */
const learned = new Set<string>();
let learnedVersion = 0;

/** Makes every redactor, including ones made before, hide these values from now on. */
export function learnSecrets(values: Iterable<string | undefined>): void {
  for (const v of values)
    if (v && v.length >= 6 && !learned.has(v)) {
      learned.add(v);
      learnedVersion++;
    }
}

export class Redactor {
  private readonly values: string[];
  /**
   * Deep-frozen objects (manifests, once rendered: see manifests/yaml.ts) cannot change,
   * and the same ones come back in event after event (preview, result, files); each is
   * walked once. An object's result depends on it alone, never on the key it sits under,
   * and on the values known to be secret: a value learned later starts the cache afresh.
   */
  private frozen = new WeakMap<object, unknown>();
  private frozenVersion = learnedVersion;
  /** Set while walking when an object below could still change: its ancestors are not kept. */
  private sawMutable = false;

  constructor(values: Iterable<string> = []) {
    // Longest first, so a secret that contains another is replaced whole.
    this.values = [...new Set([...values].filter((v) => v.length >= 6))].sort((a, b) => b.length - a.length);
  }

  with(values: Iterable<string>): Redactor {
    return new Redactor([...this.values, ...values]);
  }

  /**
   * Redacts a JSON-compatible value. Unchanged parts keep their identity, so a value with
   * nothing to hide comes back as the same object (the engine relies on that to reuse a preview).
   */
  value<T>(input: T): T {
    return this.walk(input, undefined) as T;
  }

  private merged?: { version: number; values: string[] };

  /** Its own values and those learned since, longest first. */
  private all(): string[] {
    if (learned.size === 0) return this.values;
    if (this.merged?.version !== learnedVersion) {
      const values = [...new Set([...this.values, ...learned])].sort((a, b) => b.length - a.length);
      this.merged = { version: learnedVersion, values };
    }
    return this.merged.values;
  }

  /**
   * Strings already redacted, and what they became: the same YAML and diff lines come back
   * in event after event. Like the frozen cache, it starts afresh when a value is learned;
   * its own values never change (with() makes a new redactor). Bounded, in entries and size.
   */
  private texts = new Map<string, string>();
  private textsVersion = learnedVersion;
  private textsChars = 0;

  text(s: string): string {
    // Every known value has six characters or more, and so has every credential pattern.
    if (s.length < 6) return s;
    if (this.textsVersion !== learnedVersion) this.forgetTexts();
    let out = this.texts.get(s);
    if (out === undefined) {
      out = redactSecretText(this.replaceKnown(s));
      if (this.texts.size >= TEXT_CACHE_ENTRIES || this.textsChars + s.length > TEXT_CACHE_CHARS) this.forgetTexts();
      this.texts.set(s, out);
      this.textsChars += s.length + (out === s ? 0 : out.length);
    }
    return out;
  }

  private forgetTexts(): void {
    this.texts = new Map();
    this.textsChars = 0;
    this.textsVersion = learnedVersion;
  }

  private replaceKnown(s: string): string {
    let out = s;
    for (const v of this.all()) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  private walk(v: unknown, key: string | undefined): unknown {
    if (typeof v === 'string') return key !== undefined && isSecretName(key) && hides(v) ? REDACTED : this.text(v);
    if (!v || typeof v !== 'object') return v;
    if (!Object.isFrozen(v)) {
      this.sawMutable = true;
      return this.walkObject(v);
    }
    if (this.frozenVersion !== learnedVersion) {
      this.frozen = new WeakMap();
      this.frozenVersion = learnedVersion;
    }
    let out = this.frozen.get(v);
    if (out !== undefined) return out;
    const outer = this.sawMutable;
    this.sawMutable = false;
    out = this.walkObject(v);
    if (!this.sawMutable) this.frozen.set(v, out);
    this.sawMutable ||= outer;
    return out;
  }

  private walkObject(v: object): unknown {
    if (Array.isArray(v)) {
      const out = v.map((x) => this.walk(x, undefined));
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    const o = v as Record<string, unknown>;
    const isSecretObject = o.kind === 'Secret' && typeof o.apiVersion === 'string';
    const secretPair = typeof o.name === 'string' && isSecretName(o.name);
    const entries = Object.entries(o);
    // Most objects have nothing to hide: a copy is made only from the first change on.
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < entries.length; i++) {
      const [k, x] = entries[i];
      let y: unknown;
      if (isSecretObject && (k === 'data' || k === 'stringData') && x && typeof x === 'object') {
        const data = x as Record<string, unknown>;
        y = Object.values(data).every((dv) => dv === REDACTED)
          ? x
          : Object.fromEntries(Object.keys(data).map((dk) => [dk, REDACTED]));
      } else if (secretPair && PAIR_VALUES.has(k) && typeof x === 'string' && hides(x)) y = REDACTED;
      else y = this.walk(x, k);
      if (out === undefined && y !== x) {
        out = {};
        for (let j = 0; j < i; j++) out[entries[j][0]] = entries[j][1];
      }
      if (out !== undefined) out[k] = y;
    }
    return out ?? v;
  }
}
