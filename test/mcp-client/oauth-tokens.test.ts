// OAuth tokens for mcp.yaml's servers: kept in a file only its owner can read, and renewed
// with the refresh token once they expire, before the server has to refuse them.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuthSettings } from '../../src/mcp-client/config.js';
import { createHub } from '../../src/mcp-client/connect.js';
import { oauthFetch } from '../../src/mcp-client/oauth-fetch.js';
import { McpOAuthProvider } from '../../src/mcp-client/oauth-provider.js';
import { OAuthStore } from '../../src/mcp-client/oauth-store.js';

const SETTINGS: OAuthSettings = {
  type: 'oauth',
  grant: 'authorization_code',
  scopes: [],
  signingAlgorithm: 'RS256',
};

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

/**
 * ProtectedServerDouble: stands in for an MCP server behind OAuth and its authorization
 * server in one process (RFC 9728 and RFC 8414 metadata, a token endpoint that renews
 * with a refresh token, and a resource that accepts only the current access token).
 */
async function protectedServerDouble() {
  const tokenRequests: URLSearchParams[] = [];
  const resourceAuth: (string | undefined)[] = [];
  let current = 'access-new-1';
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (req.url === '/.well-known/oauth-protected-resource/mcp')
      return json(200, { resource: `${base}/mcp`, authorization_servers: [base] });
    if (req.url === '/.well-known/oauth-authorization-server')
      return json(200, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['none'],
        code_challenge_methods_supported: ['S256'],
      });
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      if (req.url === '/token') {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-1')
          return json(400, { error: 'invalid_grant' });
        current = `access-new-${tokenRequests.length}`;
        return json(200, { access_token: current, token_type: 'Bearer', expires_in: 3600, refresh_token: 'refresh-1' });
      }
      resourceAuth.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${current}`)
        return json(
          401,
          {},
          { 'www-authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"` },
        );
      json(200, { ok: true });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokenRequests, resourceAuth };
}

describe('the OAuth token file', () => {
  it('is created readable by its owner only (0600), in a 0700 directory, and stays so when it was wider', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kk-oauth-')), 'state');
    const store = new OAuthStore(join(dir, 'mcp-oauth.json'));
    const provider = new McpOAuthProvider({ name: 's', key: 'https://mcp.example/mcp', settings: SETTINGS, store });
    provider.saveTokens({ access_token: 'secret-access', token_type: 'Bearer', refresh_token: 'secret-refresh' });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(provider.tokens()?.access_token).toBe('secret-access');

    writeFileSync(store.file, readFileSync(store.file), { mode: 0o644 });
    provider.saveTokens({ access_token: 'secret-access-2', token_type: 'Bearer' });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('keeps each server apart, and a damaged file costs only a new sign-in', () => {
    const store = new OAuthStore(join(mkdtempSync(join(tmpdir(), 'kk-oauth-')), 'mcp-oauth.json'));
    store.update('https://a/mcp', () => ({ tokens: { access_token: 'a', token_type: 'Bearer' } }));
    store.update('https://b/mcp', () => ({ tokens: { access_token: 'b', token_type: 'Bearer' } }));
    expect(store.get('https://a/mcp').tokens?.access_token).toBe('a');
    expect(store.get('https://b/mcp').tokens?.access_token).toBe('b');
    writeFileSync(store.file, '{not json');
    expect(store.get('https://a/mcp')).toEqual({});
  });

  it("hands the stored tokens of mcp.yaml's servers to the session's redactor", async () => {
    const root = mkdtempSync(join(tmpdir(), 'kk-oauth-'));
    const env = { XDG_STATE_HOME: join(root, 'state') };
    new OAuthStore(join(root, 'state', 'kaptain-kube', 'mcp-oauth.json')).update('https://a.example/mcp', () => ({
      tokens: { access_token: 'stored-access-123', token_type: 'Bearer', refresh_token: 'stored-refresh-456' },
    }));
    writeFileSync(join(root, 'mcp.yaml'), 'servers:\n  - name: a\n    url: https://a.example/mcp\n');
    const setup = await createHub({ mcpConfigPath: join(root, 'mcp.yaml'), includeBuiltins: false, env });
    expect(setup.secrets).toEqual(expect.arrayContaining(['stored-access-123', 'stored-refresh-456']));
    await setup.hub.close();
  });
});

describe('token renewal', () => {
  it('an expired access token is renewed with the refresh token (and RFC 8707 resource) before the request', async () => {
    const srv = await protectedServerDouble();
    const store = new OAuthStore(join(mkdtempSync(join(tmpdir(), 'kk-oauth-')), 'mcp-oauth.json'));
    const key = `${srv.url}/mcp`;
    // Saved an hour and a half ago with a one-hour lifetime, as a previous run would have left it.
    store.update(key, () => ({
      tokens: {
        access_token: 'access-old',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'refresh-1',
        issuer: srv.url,
      },
      tokensSavedAt: Date.now() - 5400_000,
      client: { client_id: 'registered-client', issuer: srv.url },
    }));
    const provider = new McpOAuthProvider({ name: 's', key, settings: SETTINGS, store, notify: () => undefined });
    expect(provider.expired()).toBe(true);

    const res = await oauthFetch(provider, new URL(key), fetch)(key, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(srv.tokenRequests).toHaveLength(1);
    expect(srv.tokenRequests[0].get('grant_type')).toBe('refresh_token');
    expect(srv.tokenRequests[0].get('resource')).toBe(key);
    // The server saw only the renewed token: the stale one was never sent.
    expect(srv.resourceAuth).toEqual(['Bearer access-new-1']);
    expect(store.get(key).tokens?.access_token).toBe('access-new-1');
    expect(provider.expired()).toBe(false);
  });

  it('a token the server refuses (401) is renewed with the refresh token and the request sent again', async () => {
    const srv = await protectedServerDouble();
    const store = new OAuthStore(join(mkdtempSync(join(tmpdir(), 'kk-oauth-')), 'mcp-oauth.json'));
    const key = `${srv.url}/mcp`;
    store.update(key, () => ({
      tokens: { access_token: 'revoked', token_type: 'Bearer', refresh_token: 'refresh-1', issuer: srv.url },
      tokensSavedAt: Date.now(),
      client: { client_id: 'registered-client', issuer: srv.url },
    }));
    const provider = new McpOAuthProvider({ name: 's', key, settings: SETTINGS, store, notify: () => undefined });
    const res = await oauthFetch(provider, new URL(key), fetch)(key, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(srv.resourceAuth).toEqual(['Bearer revoked', 'Bearer access-new-1']);
  });
});
