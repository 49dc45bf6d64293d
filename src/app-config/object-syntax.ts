// Kubernetes object syntax (names, labels, annotations, hosts, quantities), checked when the
// config loads so a bad value is a FILE:LINE:COL rather than an object the API server refuses later.
import { z } from 'zod';
import { QUANTITY } from './quantity.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dns1123Label = z
  .string()
  .max(63, 'must be at most 63 characters (a DNS-1123 label)')
  .regex(
    DNS1123_LABEL,
    'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  );

export const quantity = (what: string) =>
  z
    .string()
    .regex(
      QUANTITY,
      `must be a Kubernetes quantity for ${what}, such as ${what === 'cpu' ? '"500m" or "2"' : '"512Mi" or "10Gi"'}`,
    );

const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Annotation values may span lines (ingress snippets); every other control character is refused. */
const ANNOTATION_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A label or annotation key: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return `key "${printable(key)}": the prefix before "/" must be a DNS-1123 subdomain (lower-case, at most 253 characters)`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name))
    return `key "${printable(key)}": must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (an optional "prefix/" may come first)`;
  return undefined;
}

/** Shows a value in a message with control characters made visible. */
function printable(s: string): string {
  const shown = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Labels: qualified-name keys, values of at most 63 characters (letters, digits, "-", "_", "."), possibly empty. */
export const labelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const bad = qualifiedNameProblem(key);
    if (bad) ctx.addIssue({ code: 'custom', path: [key], message: `label ${bad}` });
    else if (value.length > 63 || (value !== '' && !QUALIFIED_NAME.test(value)))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `label value "${printable(value)}" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (no spaces or newlines)`,
      });
  }
});

/** Annotations: qualified-name keys; values are free text (multi-line snippets are common) without other control characters, at most 256 KiB together as in Kubernetes. */
export const annotationsSchema = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += key.length + value.length;
    const bad = qualifiedNameProblem(key);
    if (bad) ctx.addIssue({ code: 'custom', path: [key], message: `annotation ${bad}` });
    else if (ANNOTATION_CONTROL.test(value))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `annotation value "${printable(value)}" must not contain control characters other than newlines and tabs`,
      });
  }
  if (total > 256 * 1024)
    ctx.addIssue({ code: 'custom', path: [], message: 'annotations may hold at most 256 KiB in total' });
});

/** An Ingress host: a DNS-1123 subdomain, optionally "*." first; not an IP address. */
export const hostSchema = z.string().superRefine((host, ctx) => {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (CONTROL.test(host) || /\s/.test(host))
    ctx.addIssue({
      code: 'custom',
      message: `"${printable(host)}" must not contain spaces, newlines or control characters`,
    });
  else if (host.length > 253 || !DNS1123_SUBDOMAIN.test(name) || name.split('.').some((l) => l.length > 63))
    ctx.addIssue({
      code: 'custom',
      message: `"${printable(host)}" must be a DNS name (lower-case letters, digits, "-" and ".", labels of at most 63 characters), optionally starting with "*."`,
    });
  else if (/^[0-9.]+$/.test(name))
    ctx.addIssue({ code: 'custom', message: `"${host}" is an IP address; an Ingress host must be a DNS name` });
});

/** A string that ends up inside a manifest on one line (image, class name, branch …). */
export const singleLine = (min = 0) =>
  z
    .string()
    .min(min)
    .refine((v) => !CONTROL.test(v), { message: 'must be a single line without control characters' });
