// The tools' JSON Schemas computed at build time. Converting every zod schema for
// tools/list took a generation run ~50 ms, so the bundle (scripts/bundle.mjs) replaces
// this module with one that loads each server's schemas as prepared data. Run from
// source there are none, and each server converts its schemas when first listed.
import type { ServerJsonSchemas } from './shared/json-schema.js';

export async function precomputedSchemas(_server: string): Promise<ServerJsonSchemas | undefined> {
  return undefined;
}
