// Which mcp.yaml entries sign in with OAuth, and what `auth: { type: oauth }` may say.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMcpConfig, redactServerConfig, secretValuesOf } from '../../src/mcp-client/config.js';
import { externalSource } from '../../src/mcp-client/external.js';

describe('mcp.yaml auth: oauth', () => {
  it('reads a pre-registered client, scopes as a list or a string, and keeps its secrets out of output', () => {
    const { servers, warnings } = parseMcpConfig(
      [
        'servers:',
        '  - name: a',
        '    url: https://a.example/mcp',
        '    auth: { type: oauth, client_id: app-1, client_secret: s3cret-value, scopes: "read write", redirect_port: 8765 }',
        '  - name: b',
        '    url: https://b.example/mcp',
        '    Auth: { Type: oauth, Grant: client_credentials, ClientID: m2m }',
        '  - name: c',
        '    url: https://c.example/mcp',
        '    oauthConfig: { clientID: m2m, clientSecret: other-secret-1 }',
      ].join('\n'),
      'm.yaml',
      {},
    );
    expect(servers.map((s) => s.name)).toEqual(['a', 'c']);
    expect(servers[0].auth).toMatchObject({
      type: 'oauth',
      grant: 'authorization_code',
      clientId: 'app-1',
      scopes: ['read', 'write'],
      redirectPort: 8765,
    });
    // client_credentials without a secret or key disables that entry alone, saying where.
    expect(warnings.join('\n')).toMatch(/m\.yaml:5:\d+: servers\[1\] \(b\).*clientSecret or privateKey/);
    expect(secretValuesOf(servers)).toEqual(expect.arrayContaining(['s3cret-value', 'other-secret-1']));
    expect(JSON.stringify(redactServerConfig(servers[0]))).not.toContain('s3cret-value');
  });
});

describe('which entries sign in', () => {
  /** BareUnauthorizedServer: stands in for a server that answers 401 and offers no OAuth metadata at all. */
  async function bareUnauthorizedServer() {
    const server = createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, close: () => server.close() };
  }

  it('an entry without credentials tries OAuth on a 401 and says so; auth: none does not', async () => {
    const srv = await bareUnauthorizedServer();
    const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kk-oauth-')) };
    try {
      const connect = async (extra: string) => {
        const { servers } = parseMcpConfig(
          `servers:\n  - name: x\n    url: ${srv.url}\n    transport: http\n    timeout: 5\n${extra}`,
          'm.yaml',
          {},
        );
        return externalSource(servers[0], env)
          .connect()
          .then(
            () => 'connected',
            (err: Error) => err.message,
          );
      };
      const signIn = await connect('');
      expect(signIn).toMatch(
        /OAuth sign-in failed \(ServerError: HTTP 401: Invalid OAuth error response\); .*needs it in its mcp\.yaml entry/,
      );
      const plain = await connect('    auth: { type: none }\n');
      expect(plain).toMatch(/401|Unauthorized|invalid_token|\{\}/);
      expect(plain).not.toMatch(/OAuth/);
    } finally {
      srv.close();
    }
  });
});
