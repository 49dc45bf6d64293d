// Web server configuration the image carries (nginx): which ports it listens on and
// whether each speaks TLS. A port number says nothing about TLS — `listen 443;` is plain
// HTTP — so the Service's appProtocol comes from these lines when they are there.
import { basename } from 'node:path';
import type { DockerfileFacts, SourceRef } from './facts.js';

/** A COPY of an nginx configuration file: into /etc/nginx, or a file named like one. */
export function isServerConfig(src: string, dest: string): boolean {
  const name = basename(src);
  if (!/\.conf$/.test(name) || /[*?[]/.test(src)) return false;
  return dest.startsWith('/etc/nginx') || name === 'nginx.conf';
}

const LISTEN = /^[ \t]*listen[ \t]+([^;#]+);/gm;

/** The `listen` directives of the copied files, with the file and line each comes from. */
export async function listenersIn(
  configs: readonly { path: string; source: SourceRef }[],
  read: (path: string) => Promise<string | undefined>,
): Promise<NonNullable<DockerfileFacts['listeners']>> {
  const out: NonNullable<DockerfileFacts['listeners']> = [];
  for (const c of configs) {
    const text = await read(c.path).catch(() => undefined);
    if (text === undefined) continue;
    for (const m of text.matchAll(LISTEN)) {
      const [address, ...flags] = m[1].trim().split(/\s+/);
      // "443", "0.0.0.0:443", "[::]:443"; a unix socket has no port.
      const port = Number(/(?:^|:)(\d{1,5})$/.exec(address)?.[1]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
      const line = text.slice(0, m.index).split('\n').length;
      out.push({ port, tls: flags.includes('ssl') || flags.includes('quic'), evidence: `${c.path}:${line}` });
    }
  }
  return out;
}
