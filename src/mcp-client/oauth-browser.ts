// The person's side of an authorization-code sign-in: the authorization URL opened in a
// browser (or only printed, with BROWSER=none or no display), and a listener on the
// loopback address that the authorization server sends the browser back to (RFC 8252).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeLine } from '../terminal/safe-text.js';

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><p>${text}</p>`;

/** One loopback listener for one sign-in: `url` is the redirect URI, `code(state)` waits for the browser. */
export class LoopbackRedirect {
  private server?: Server;
  private waiting?: { state: string; resolve: (code: string) => void; reject: (err: Error) => void };

  /** Listens on 127.0.0.1:port (0 = any free port); resolves to the redirect URI. */
  async listen(port: number): Promise<string> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/callback') return void res.writeHead(404).end();
      // The browser comes back to the redirect URI as written; another Host is a page that reached this port by DNS rebinding.
      const port = (server.address() as AddressInfo).port;
      if (req.headers.host !== `127.0.0.1:${port}`) return void res.writeHead(400).end();
      const w = this.waiting;
      const state = url.searchParams.get('state');
      // A redirect that does not carry this sign-in's state is forged or stale: refused, and the wait goes on.
      if (!w || state !== w.state) {
        res.writeHead(400, { 'content-type': 'text/html' });
        return void res.end(PAGE('Sign-in refused', 'This sign-in link is not the one KaptainKube started.'));
      }
      const code = url.searchParams.get('code');
      const error = url.searchParams.get('error');
      res.writeHead(code ? 200 : 400, { 'content-type': 'text/html', connection: 'close' });
      res.end(
        code
          ? PAGE('Signed in', 'Signed in. You can close this tab and return to the terminal.')
          : PAGE('Sign-in failed', `The authorization server said: ${escapeHtml(error ?? 'no code')}`),
      );
      this.waiting = undefined;
      if (code) w.resolve(code);
      else
        w.reject(
          new Error(
            `authorization was refused: ${safeLine((url.searchParams.get('error_description') ?? error ?? 'no code returned').slice(0, 500))}`,
          ),
        );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.unref();
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  }

  /** The code the browser brings back with `state`, or an error after `timeoutMs`. */
  code(state: string, timeoutMs: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`sign-in not completed within ${Math.round(timeoutMs / 1000)}s`));
      }, timeoutMs);
      const done =
        <T>(f: (v: T) => void) =>
        (v: T) => (clearTimeout(timer), f(v));
      this.waiting = { state, resolve: done(resolve), reject: done(reject) };
    });
  }

  close(): void {
    this.waiting?.reject(new Error('sign-in abandoned'));
    this.server?.close();
    this.server?.closeAllConnections();
    this.server = undefined;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A command line split the way a shell would for simple quoting: "a b" and 'a b' stay one word. */
function words(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/**
 * Opens `url` for the person: `$BROWSER` (a command; `%s` is replaced by the URL, else it is
 * appended), else the platform's opener. Returns false when nothing was started: BROWSER=none,
 * or Linux with no display; the caller has printed the URL either way.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const custom = env.BROWSER?.trim();
  if (custom === 'none' || custom === '') return false;
  let argv: string[];
  if (custom) {
    const w = words(custom);
    argv = w.some((x) => x.includes('%s')) ? w.map((x) => x.replaceAll('%s', url)) : [...w, url];
  } else if (process.platform === 'darwin') argv = ['open', url];
  else if (process.platform === 'win32') argv = ['rundll32', 'url.dll,FileProtocolHandler', url];
  else if (env.DISPLAY || env.WAYLAND_DISPLAY) argv = ['xdg-open', url];
  else return false;
  try {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore', detached: true, env });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
