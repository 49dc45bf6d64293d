// The component registry: one record per component says everything the rest of the
// program needs to know about it — its names, what it needs, the tool calls that make
// it, the files they write, where their objects sit in a shared file and which API
// kinds the cluster must serve. Plan, steps, object order, the capability check and
// `--disable-component` all read a registry; the built-in one is `registry`.
import type { ComponentKinds } from '../kube/capabilities.js';
import { BUILTIN_COMPONENTS } from './builtin-components.js';
import type { ComponentRecord, StepRecord } from './component-record.js';

export type { ComponentRecord } from './component-record.js';

export class RegistryError extends Error {}

export interface ComponentRegistry {
  readonly records: readonly ComponentRecord[];
  readonly ids: readonly string[];
  get(id: string): ComponentRecord | undefined;
  /** Alias → the component ids it stands for. */
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  /** Every step of every component, in plan (review) order. */
  steps(): { component: string; step: StepRecord }[];
  /** Object order within a shared file; a tool no record names goes after all known ones. */
  toolRank(server: string, tool: string): number;
  /** What the capability check needs: per component, the kinds the cluster must serve. */
  apiNeeds(): ComponentKinds[];
}

/** The key a tool's contribution to the workspace is stored under. */
export function contributionKey(server: string, tool: string): string {
  return `${server}/${tool}`;
}

/** Builds a registry, refusing records that contradict each other. */
export function createRegistry(records: readonly ComponentRecord[]): ComponentRegistry {
  const byId = new Map<string, ComponentRecord>();
  for (const r of records) {
    if (byId.has(r.id)) throw new RegistryError(`component "${r.id}" is registered twice`);
    byId.set(r.id, r);
  }
  const aliases = new Map<string, string[]>();
  const rank = new Map<string, number>();
  for (const r of records) {
    for (const need of r.requires ?? [])
      if (!byId.has(need)) throw new RegistryError(`component "${r.id}" requires unknown component "${need}"`);
    for (const a of r.aliases ?? []) {
      if (byId.has(a)) throw new RegistryError(`alias "${a}" of "${r.id}" is a component id`);
      aliases.set(a, [...(aliases.get(a) ?? []), r.id]);
    }
    for (const s of r.steps) {
      const key = contributionKey(s.server, s.tool);
      const known = rank.get(key);
      if (known !== undefined && known !== s.rank)
        throw new RegistryError(
          `tool ${key} has two ranks (${known} and ${s.rank}): a tool's objects have one place in a shared file`,
        );
      rank.set(key, s.rank);
    }
  }
  // Sorting is stable: records of equal review keep their order, and so do steps within a record.
  const ordered = [...records].sort((a, b) => a.review - b.review);
  const unknownRank = Math.max(-1, ...rank.values()) + 1;
  return {
    records,
    ids: records.map((r) => r.id),
    get: (id) => byId.get(id),
    aliases,
    steps: () => ordered.flatMap((r) => r.steps.map((step) => ({ component: r.id, step }))),
    toolRank: (server, tool) => rank.get(contributionKey(server, tool)) ?? unknownRank,
    apiNeeds: () => records.filter((r) => r.kinds?.length).map((r) => ({ component: r.id, kinds: r.kinds! })),
  };
}

/** The built-in registry. */
export const registry: ComponentRegistry = createRegistry(BUILTIN_COMPONENTS);

/** A registry with more components after the built-in ones (a test, or a build that adds its own). */
export function extendRegistry(base: ComponentRegistry, ...extra: ComponentRecord[]): ComponentRegistry {
  return createRegistry([...base.records, ...extra]);
}
