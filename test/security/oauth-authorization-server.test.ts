// A remote MCP server, and the authorization servers it names, are adversaries: nothing the
// client holds for one (a configured client secret, a refresh token) goes to an authorization
// server whose metadata does not check out (RFC 8414 issuer, HTTPS endpoints) or that is not
// the one the credential was first accepted by.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { describe, expect, it } from 'vitest';
import { loadMcpConfig, type OAuthSettings } from '../../src/mcp-client/config.js';
import { oauthFetch } from '../../src/mcp-client/oauth-fetch.js';
import { McpOAuthProvider } from '../../src/mcp-client/oauth-provider.js';
import { OAuthStore } from '../../src/mcp-client/oauth-store.js';

const MCP = 'https://mcp.example/mcp';
const SECRET = 'configured-client-secret-value';

const CLIENT_CREDENTIALS: OAuthSettings = {
  type: 'oauth',
  grant: 'client_credentials',
  clientId: 'ci-bot',
  clientSecret: SECRET,
  scopes: [],
  signingAlgorithm: 'RS256',
};

const asMetadata = (issuer: string, over: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  registration_endpoint: `${issuer}/register`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  ...over,
});

/**
 * NetworkDouble: stands in for the internet as the SDK's auth helpers see it (an MCP server's
 * RFC 9728 metadata, authorization servers' RFC 8414 metadata and token endpoints). Answers
 * from a table of URL → JSON body and records every request, headers and body included.
 */
function networkDouble(routes: Record<string, unknown>) {
  const requests: { url: string; authorization?: string; body: string }[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers = new Headers(init?.headers);
    requests.push({ url, authorization: headers.get('authorization') ?? undefined, body: String(init?.body ?? '') });
    const hit = Object.entries(routes).find(([u]) => url.split('?')[0] === u);
    return hit
      ? new Response(JSON.stringify(hit[1]), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } });
  };
  const leaked = () =>
    requests.filter(
      (r) =>
        r.body.includes(SECRET) ||
        (r.authorization ?? '').includes(Buffer.from(`ci-bot:${SECRET}`).toString('base64')) ||
        r.body.includes('refresh-token-of-a'),
    );
  return { fetchFn, requests, leaked };
}

const prm = (as: string, resource = MCP) => ({
  'https://mcp.example/.well-known/oauth-protected-resource/mcp': { resource, authorization_servers: [as] },
});
const token = { access_token: 'access-token-1', token_type: 'Bearer', expires_in: 3600 };

function provider(settings: OAuthSettings = CLIENT_CREDENTIALS, store = newStore()) {
  return new McpOAuthProvider({ name: 'm', key: MCP, settings, store, notify: () => undefined });
}
const newStore = () => new OAuthStore(join(mkdtempSync(join(tmpdir(), 'kk-oauth-as-')), 'mcp-oauth.json'));

describe('authorization server metadata an MCP server points at', () => {
  it('is refused when its issuer is not the authorization server it was fetched from (RFC 8414 §3.3)', async () => {
    const net = networkDouble({
      ...prm('https://as.example'),
      'https://as.example/.well-known/oauth-authorization-server': asMetadata('https://as.example', {
        issuer: 'https://login.other.example',
      }),
      'https://as.example/token': token,
    });
    await expect(auth(provider(), { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).rejects.toThrow(/issuer/);
    expect(net.requests.map((r) => r.url)).not.toContain('https://as.example/token');
    expect(net.leaked()).toEqual([]);
  });

  it('is refused when its token endpoint is plain http on another host', async () => {
    const net = networkDouble({
      ...prm('https://as.example'),
      'https://as.example/.well-known/oauth-authorization-server': asMetadata('https://as.example', {
        token_endpoint: 'http://as.example/token',
      }),
      'http://as.example/token': token,
    });
    await expect(auth(provider(), { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).rejects.toThrow(/https/i);
    expect(net.requests.map((r) => r.url)).not.toContain('http://as.example/token');
    expect(net.leaked()).toEqual([]);
  });

  it("is refused when a remote server names one on this machine's loopback (where plain http is let through)", async () => {
    const net = networkDouble({
      ...prm('http://127.0.0.1:9'),
      'http://127.0.0.1:9/.well-known/oauth-authorization-server': asMetadata('http://127.0.0.1:9'),
      'http://127.0.0.1:9/token': token,
    });
    await expect(auth(provider(), { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).rejects.toThrow(/loopback/);
    expect(net.requests.map((r) => r.url)).not.toContain('http://127.0.0.1:9/token');
    expect(net.leaked()).toEqual([]);
  });

  it('is refused when its authorization endpoint is not a web page (file:), so no browser opens it', async () => {
    const net = networkDouble({
      ...prm('https://as.example'),
      'https://as.example/.well-known/oauth-authorization-server': asMetadata('https://as.example', {
        authorization_endpoint: 'file:///etc/passwd',
      }),
      'https://as.example/register': { client_id: 'dyn', redirect_uris: ['http://127.0.0.1/callback'] },
    });
    const lines: string[] = [];
    const p = new McpOAuthProvider({
      name: 'm',
      key: MCP,
      settings: { type: 'oauth', grant: 'authorization_code', scopes: [], signingAlgorithm: 'RS256' },
      store: newStore(),
      env: { BROWSER: 'none' },
      notify: (l) => lines.push(l),
    });
    await p.prepare();
    try {
      await expect(auth(p, { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).rejects.toThrow(/https/i);
    } finally {
      p.finish();
    }
    expect(lines).toEqual([]);
  });

  it('held: metadata naming another resource is refused before any token request (RFC 9728 / RFC 8707)', async () => {
    const net = networkDouble({
      ...prm('https://as.example', 'https://other.example/mcp'),
      'https://as.example/.well-known/oauth-authorization-server': asMetadata('https://as.example'),
      'https://as.example/token': token,
    });
    await expect(auth(provider(), { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).rejects.toThrow(/resource/i);
    expect(net.leaked()).toEqual([]);
  });
});

describe('credentials bound to the authorization server that first accepted them', () => {
  it("a configured client's secret is not sent to another authorization server the MCP server names later", async () => {
    const store = newStore();
    const first = networkDouble({
      ...prm('https://as.example'),
      'https://as.example/.well-known/oauth-authorization-server': asMetadata('https://as.example'),
      'https://as.example/token': token,
    });
    await expect(
      auth(provider(CLIENT_CREDENTIALS, store), { serverUrl: new URL(MCP), fetchFn: first.fetchFn }),
    ).resolves.toBe('AUTHORIZED');
    expect(first.leaked().map((r) => r.url)).toEqual(['https://as.example/token']);

    // A later run (a new process): the MCP server now names an authorization server of its own.
    const later = networkDouble({
      ...prm('https://evil.example'),
      'https://evil.example/.well-known/oauth-authorization-server': asMetadata('https://evil.example'),
      'https://evil.example/token': token,
      'https://evil.example/register': { client_id: 'evil-client', redirect_uris: ['http://127.0.0.1/callback'] },
    });
    await expect(
      auth(provider(CLIENT_CREDENTIALS, store), { serverUrl: new URL(MCP), fetchFn: later.fetchFn }),
    ).rejects.toThrow(/as\.example/);
    expect(later.leaked()).toEqual([]);
    expect(later.requests.map((r) => r.url)).not.toContain('https://evil.example/token');
  });

  it('a browser sign-in with a configured client stops before the browser when the server names another one', async () => {
    const store = newStore();
    store.update(MCP, () => ({ configuredClient: { client_id: 'ci-bot', issuer: 'https://as.example' } }));
    const net = networkDouble({
      ...prm('https://evil.example'),
      'https://evil.example/.well-known/oauth-authorization-server': asMetadata('https://evil.example'),
      'https://evil.example/register': { client_id: 'evil-client', redirect_uris: ['http://127.0.0.1/callback'] },
      'https://evil.example/token': token,
    });
    const lines: string[] = [];
    const p = new McpOAuthProvider({
      name: 'm',
      key: MCP,
      settings: { ...CLIENT_CREDENTIALS, grant: 'authorization_code' },
      store,
      env: { BROWSER: 'none' },
      notify: (l) => lines.push(l),
    });
    await p.prepare();
    try {
      await expect(auth(p, { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).rejects.toThrow(/as\.example/);
    } finally {
      p.finish();
    }
    expect(lines).toEqual([]);
    expect(net.leaked()).toEqual([]);
  });

  it('held: a stored refresh token is not sent to another authorization server than the one that issued it', async () => {
    const store = newStore();
    store.update(MCP, () => ({
      tokens: {
        access_token: 'a',
        token_type: 'Bearer',
        refresh_token: 'refresh-token-of-a',
        issuer: 'https://as.example',
      },
      client: { client_id: 'dyn', redirect_uris: ['http://127.0.0.1/callback'], issuer: 'https://as.example' },
    }));
    const net = networkDouble({
      ...prm('https://evil.example'),
      'https://evil.example/.well-known/oauth-authorization-server': asMetadata('https://evil.example'),
      'https://evil.example/register': { client_id: 'evil-client', redirect_uris: ['http://127.0.0.1/callback'] },
      'https://evil.example/token': token,
    });
    const p = new McpOAuthProvider({
      name: 'm',
      key: MCP,
      settings: { type: 'oauth', grant: 'authorization_code', scopes: [], signingAlgorithm: 'RS256' },
      store,
      env: { BROWSER: 'none' },
      notify: () => undefined,
    });
    await p.prepare();
    try {
      await expect(auth(p, { serverUrl: new URL(MCP), fetchFn: net.fetchFn })).resolves.toBe('REDIRECT');
    } finally {
      p.finish();
    }
    expect(net.leaked()).toEqual([]);
  });
});

describe('clientMetadataUrl in mcp.yaml', () => {
  it.each(['file:///etc/passwd', 'http://10.0.0.5/client.json', 'https://client.example/'])(
    '%s disables the entry with a warning naming where, before anything is sent',
    async (value) => {
      const dir = mkdtempSync(join(tmpdir(), 'kk-oauth-cimd-'));
      writeFileSync(
        join(dir, 'mcp.yaml'),
        `servers:\n  - name: m\n    url: ${MCP}\n    auth:\n      type: oauth\n      clientMetadataUrl: ${value}\n`,
      );
      const cfg = await loadMcpConfig({ path: join(dir, 'mcp.yaml'), env: {} });
      expect(cfg.servers).toEqual([]);
      expect(cfg.warnings.join('\n')).toMatch(/mcp\.yaml:\d+:\d+: .*clientMetadataUrl must be an https URL/);
    },
  );
});

describe('a server that refuses every token', () => {
  it('gets a bounded number of sign-ins per request, even when each refusal is worded differently', async () => {
    let refusals = 0;
    let tokenRequests = 0;
    const net = networkDouble({
      ...prm('https://as.example'),
      'https://as.example/.well-known/oauth-authorization-server': asMetadata('https://as.example'),
    });
    // RefusingServerDouble: stands in for an MCP server that answers 401 with a fresh challenge each time
    // (it settles on one wording after 20, so a client without a bound still ends).
    const fetchFn: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url === 'https://as.example/token') {
        tokenRequests++;
        return Response.json({ ...token, access_token: `access-${tokenRequests}` });
      }
      if (url !== MCP) return net.fetchFn(input, init);
      refusals++;
      return new Response('{}', {
        status: 401,
        headers: { 'www-authenticate': `Bearer error="invalid_token", nonce="${Math.min(refusals, 20)}"` },
      });
    };
    const res = await oauthFetch(provider(), new URL(MCP), fetchFn)(MCP, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(tokenRequests).toBeLessThanOrEqual(3);
  });
});
