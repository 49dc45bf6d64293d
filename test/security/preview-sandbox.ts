// A sandbox for proving tools pure: while it is on, every function of node:fs (sync,
// callback and promise forms), node:child_process, node:net, node:tls, node:http(s),
// node:dns and the global fetch throws and is recorded. The one exception is reading
// files under `readableRoot` (the product's own templates/, shipped with it like its
// code). Node's ESM named exports of built-ins are re-synced, so modules that
// imported `readFileSync` by name see the guard too.
import fs from 'node:fs';
import childProcess from 'node:child_process';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { resolve, sep } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

export interface Sandbox {
  /** Every blocked access, even ones a tool caught and swallowed. */
  readonly violations: string[];
  restore(): void;
}

const READS = new Set(['readFileSync', 'readFile', 'existsSync']);

function pathOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return resolve(arg);
  if (arg instanceof URL && arg.protocol === 'file:') return fileURLToPath(arg);
  return undefined;
}

export function enterSandbox(opts: { readableRoot: string }): Sandbox {
  const violations: string[] = [];
  const undo: (() => void)[] = [];
  const root = resolve(opts.readableRoot) + sep;

  /** Replaces the functions `names` (default: every function but classes) of `target` with throwing doubles. */
  const guard = (
    target: object,
    label: string,
    opts: { names?: string[]; allow?: (name: string, args: unknown[]) => boolean; promises?: boolean } = {},
  ) => {
    for (const name of opts.names ?? Object.keys(target)) {
      const d = Object.getOwnPropertyDescriptor(target, name);
      // Classes (Stats, Socket, Agent …) are left alone; what they reach out with is guarded by name.
      if (!d || typeof d.value !== 'function' || (!opts.names && /^[A-Z_]/.test(name))) continue;
      const original = d.value as (...a: unknown[]) => unknown;
      const guarded = function (this: unknown, ...args: unknown[]) {
        if (opts.allow?.(name, args)) return original.apply(this, args);
        const what = `${label}.${name}(${typeof args[0] === 'string' ? JSON.stringify(args[0]) : ''})`;
        violations.push(what);
        const err = new Error(`sandbox: ${what} is not allowed in a pure tool`);
        if (opts.promises) return Promise.reject(err);
        throw err;
      };
      Object.defineProperty(target, name, { ...d, value: guarded });
      undo.push(() => Object.defineProperty(target, name, d));
    }
  };

  const templateRead = (name: string, args: unknown[]) =>
    READS.has(name) && (pathOf(args[0])?.startsWith(root) ?? false);
  guard(fs, 'fs', { allow: templateRead });
  guard(fs.promises, 'fs/promises', { allow: templateRead, promises: true });
  for (const [mod, label] of [
    [childProcess, 'child_process'],
    [net, 'net'],
    [tls, 'tls'],
    [http, 'http'],
    [https, 'https'],
    [dns, 'dns'],
  ] as const)
    guard(mod, label);
  guard(dns.promises, 'dns/promises', { promises: true });
  guard(net.Socket.prototype, 'net.Socket', { names: ['connect'] });
  // fetch may be a lazy accessor: pin it as a value first so it can be replaced and put back.
  const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: globalThis.fetch, writable: true, configurable: true });
  guard(globalThis, 'globalThis', { names: ['fetch'], promises: true });
  undo.unshift(() => fetchDescriptor && Object.defineProperty(globalThis, 'fetch', fetchDescriptor));
  syncBuiltinESMExports();

  return {
    violations,
    restore() {
      for (const u of undo.reverse()) u();
      syncBuiltinESMExports();
    },
  };
}
