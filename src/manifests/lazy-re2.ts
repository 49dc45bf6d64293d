// The RE2 class that @kubernetes-models' compiled validators use for the few CRD
// patterns JavaScript's RegExp cannot express (Prometheus Operator's "(?i)" flags).
// The validators build their patterns when their module loads, and the real RE2
// instantiates an 850 KB WebAssembly module on first use: about 45 ms of every run
// that merely imports the PrometheusRule model. This wrapper compiles the pattern
// with the real RE2 the first time a value is actually checked against it, so runs
// whose objects never carry such a field never pay for it. The bundle swaps it in
// for `@kubernetes-models/validate/runtime/re2` (scripts/bundle.mjs).
import { createRequire } from 'node:module';

interface RE2Instance {
  test(input: string): boolean;
  exec(input: string): RegExpExecArray | null;
  readonly source: string;
  readonly flags: string;
}

type RE2Constructor = new (pattern: string, flags?: string) => RE2Instance;

let RealRE2: RE2Constructor | undefined;
const load = (): RE2Constructor =>
  (RealRE2 ??= (createRequire(import.meta.url)('re2-wasm') as { RE2: RE2Constructor }).RE2);

export default class LazyRE2 {
  #compiled: RE2Instance | undefined;
  constructor(
    private readonly pattern: string,
    private readonly patternFlags?: string,
  ) {}

  /** True once any LazyRE2 in this process has needed the WebAssembly engine. */
  static get engineLoaded(): boolean {
    return RealRE2 !== undefined;
  }

  #re(): RE2Instance {
    return (this.#compiled ??= new (load())(this.pattern, this.patternFlags));
  }

  test(input: string): boolean {
    return this.#re().test(input);
  }

  exec(input: string): RegExpExecArray | null {
    return this.#re().exec(input);
  }

  get source(): string {
    return this.#re().source;
  }

  get flags(): string {
    return this.#re().flags;
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}
