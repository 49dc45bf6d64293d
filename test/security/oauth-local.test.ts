// The machine's side of OAuth for mcp.yaml's servers, attacked locally: tokens obtained while
// the program runs are hidden wherever text leaves it, the loopback listener answers only
// the browser that comes back to it, the token file cannot be redirected by a planted symlink
// or left in a directory others can write, and BROWSER is never handed to a shell.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redactingLog } from '../../src/mcp-client/child-env.js';
import { serverConfigSchema } from '../../src/mcp-client/config.js';
import { externalSource } from '../../src/mcp-client/external.js';
import { LoopbackRedirect, openBrowser } from '../../src/mcp-client/oauth-browser.js';
import { oauthFetch } from '../../src/mcp-client/oauth-fetch.js';
import { McpOAuthProvider } from '../../src/mcp-client/oauth-provider.js';
import { OAuthStore } from '../../src/mcp-client/oauth-store.js';
import { Redactor } from '../../src/sessions/redact.js';

const MCP = 'https://mcp.example/mcp';
const temp = () => mkdtempSync(join(tmpdir(), 'kk-oauth-local-'));
const open: LoopbackRedirect[] = [];
afterEach(() => open.splice(0).forEach((l) => l.close()));

function provider(store = new OAuthStore(join(temp(), 'mcp-oauth.json'))) {
  return new McpOAuthProvider({
    name: 'm',
    key: MCP,
    settings: { type: 'oauth', grant: 'authorization_code', scopes: [], signingAlgorithm: 'RS256' },
    store,
    notify: () => undefined,
  });
}

describe('tokens obtained after a session started', () => {
  it("are hidden by the transcript's redactor and the server's log made before the sign-in", async () => {
    const transcript = new Redactor(['some-config-secret']);
    const log = redactingLog(serverConfigSchema().parse({ name: 'm', url: MCP }), {});
    const logged: string[] = [];
    log.on('data', (c: Buffer) => logged.push(c.toString()));

    // An opaque token with nothing that looks like a credential, as many authorization servers issue.
    provider().saveTokens({
      access_token: 'opaqueAccessValue9x',
      token_type: 'Bearer',
      refresh_token: 'opaqueRenewValue7y',
    });

    // A hostile server echoes them in a tool result and in its log.
    expect(transcript.text('you sent opaqueAccessValue9x and opaqueRenewValue7y')).not.toMatch(/opaque/);
    log.end('debug: caller presented opaqueAccessValue9x\n');
    await new Promise((r) => log.on('end', r));
    expect(logged.join('')).toContain('debug: caller presented');
    expect(logged.join('')).not.toContain('opaqueAccessValue9x');
  });
});

describe('a token the server echoes back in an error', () => {
  it('is not in the message a person reads (mcp list, the session)', async () => {
    // EchoingServerDouble: stands in for a hostile MCP server that puts the caller's credentials in its errors.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`rejected ${req.headers.authorization}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const state = temp();
    new OAuthStore(join(state, 'kaptain-kube', 'mcp-oauth.json')).update(new URL(url).href, () => ({
      tokens: { access_token: 'opaqueStoredAccess5z', token_type: 'Bearer' },
    }));
    const source = externalSource(serverConfigSchema().parse({ name: 'echo', url, transport: 'http' }), {
      XDG_STATE_HOME: state,
    });
    try {
      const err = await source.connect().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/rejected/);
      expect(err?.message).not.toContain('opaqueStoredAccess5z');
    } finally {
      server.close();
    }
  });
});

describe('the access token', () => {
  it("goes only to the server's own origin, whatever URL the transport is handed", async () => {
    const store = new OAuthStore(join(temp(), 'mcp-oauth.json'));
    const p = provider(store);
    p.saveTokens({ access_token: 'origin-bound-token', token_type: 'Bearer' });
    const seen: { url: string; auth: string | null }[] = [];
    // NetworkDouble: stands in for every host; records what each was sent.
    const net: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return new Response('{}', { status: 200 });
    };
    const f = oauthFetch(p, new URL(MCP), net);
    await f(MCP, { method: 'POST' });
    await f('https://elsewhere.example/mcp', { method: 'POST' });
    expect(seen).toEqual([
      { url: MCP, auth: 'Bearer origin-bound-token' },
      { url: 'https://elsewhere.example/mcp', auth: null },
    ]);
  });

  it('renewed by another process is not wiped when this one finds its own copy refused', () => {
    const store = new OAuthStore(join(temp(), 'mcp-oauth.json'));
    store.update(MCP, () => ({
      tokens: { access_token: 'old-access', token_type: 'Bearer', refresh_token: 'old-rt' },
    }));
    const a = provider(store);
    const b = provider(store);
    expect(b.tokens()?.refresh_token).toBe('old-rt');
    // A renews first (and the authorization server rotates the refresh token); B's renewal with old-rt is refused.
    a.saveTokens({ access_token: 'new-access', token_type: 'Bearer', refresh_token: 'new-rt' });
    b.invalidateCredentials('tokens');
    expect(store.get(MCP).tokens?.refresh_token).toBe('new-rt');
    // Refused with what it read itself, it is wiped.
    expect(b.tokens()?.refresh_token).toBe('new-rt');
    b.invalidateCredentials('tokens');
    expect(store.get(MCP).tokens).toBeUndefined();
  });
});

/** A raw HTTP request to the listener, so the Host header and the size are the test's to choose. */
function rawGet(uri: string, path: string, host?: string): Promise<number> {
  const u = new URL(uri);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, path, headers: host ? { host } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the loopback listener', () => {
  it('refuses a redirect whose Host is not the loopback address (a web page reaching it through DNS rebinding)', async () => {
    const loop = new LoopbackRedirect();
    open.push(loop);
    const uri = await loop.listen(0);
    let got: string | undefined;
    void loop.code('the-state', 60_000).then(
      (c) => (got = c),
      () => undefined,
    );
    expect(await rawGet(uri, '/callback?code=planted&state=the-state', `rebind.example:${new URL(uri).port}`)).toBe(
      400,
    );
    expect(await rawGet(uri, '/callback?code=real&state=the-state')).toBe(200);
    await new Promise((r) => setImmediate(r));
    expect(got).toBe('real');
  });

  it("shows the authorization server's error description without terminal control sequences", async () => {
    const loop = new LoopbackRedirect();
    open.push(loop);
    const uri = await loop.listen(0);
    const refused = loop.code('s1', 60_000).catch((e: Error) => e.message);
    const evil = encodeURIComponent('no\u001b]0;pwned\u0007\u001b[2J\u202e');
    await rawGet(uri, `/callback?error=access_denied&error_description=${evil}&state=s1`);
    const message = await refused;
    expect(message).toMatch(/authorization was refused: no/);
    expect(message).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('held: a replayed code, a second request after the first and a huge request are all refused', async () => {
    const loop = new LoopbackRedirect();
    open.push(loop);
    const uri = await loop.listen(0);
    const code = loop.code('s1', 60_000);
    expect(await rawGet(uri, `/callback?state=s1&code=${'x'.repeat(100_000)}`)).toBe(431);
    expect(await rawGet(uri, '/callback?code=first&state=s1')).toBe(200);
    await expect(code).resolves.toBe('first');
    expect(await rawGet(uri, '/callback?code=first&state=s1')).toBe(400);
    expect(await rawGet(uri, '/callback?code=second&state=s1')).toBe(400);
  });
});

describe('the token file', () => {
  it('is not written through a symlink planted where its temporary file goes', () => {
    const dir = temp();
    const store = new OAuthStore(join(dir, 'mcp-oauth.json'));
    const elsewhere = join(temp(), 'collected.json');
    writeFileSync(elsewhere, '');
    symlinkSync(elsewhere, `${store.file}.${process.pid}.tmp`);
    store.update(MCP, () => ({ tokens: { access_token: 'planted-symlink-token', token_type: 'Bearer' } }));
    expect(readFileSync(elsewhere, 'utf8')).not.toContain('planted-symlink-token');
    expect(lstatSync(store.file).isSymbolicLink()).toBe(false);
    expect(store.get(MCP).tokens?.access_token).toBe('planted-symlink-token');
  });

  it('is not left in a directory others can write to (made 0700 when it was wider)', () => {
    const dir = join(temp(), 'state');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    new OAuthStore(join(dir, 'mcp-oauth.json')).update(MCP, () => ({
      tokens: { access_token: 'token-in-shared-dir', token_type: 'Bearer' },
    }));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

describe('BROWSER', () => {
  it('held: is split into words and run without a shell, the URL passed as one argument', async () => {
    const dir = temp();
    const script = join(dir, 'argv.cjs');
    const out = JSON.stringify(join(dir, 'argv.json'));
    // Written aside, then renamed: the test never reads half a file.
    writeFileSync(
      script,
      `const fs = require('fs'); fs.writeFileSync(${out} + '.part', JSON.stringify(process.argv.slice(2))); fs.renameSync(${out} + '.part', ${out});`,
    );
    const marker = join(dir, 'pwned');
    const url = 'https://as.example/authorize?x=$(touch%20pwned)&y=`id`';
    expect(openBrowser(url, { BROWSER: `"${process.execPath}" ${script} ;touch ${marker}` })).toBe(true);
    while (!existsSync(join(dir, 'argv.json'))) await new Promise((r) => setTimeout(r, 20));
    const argv = JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8')) as string[];
    expect(argv).toEqual([';touch', marker, url]);
    expect(existsSync(marker)).toBe(false);
  });
});
