// FakeRegistry: a test double standing in for an OCI registry (Docker Hub, GHCR).
// It speaks just enough of the Distribution API — bearer-token challenge, image index,
// manifest, config blob — to exercise the client on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class FakeRegistry {
  private server?: Server;
  readonly requests: { url: string; auth?: string }[] = [];
  host = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = req.url ?? '';
      this.requests.push({ url, auth: req.headers.authorization });
      if (url.startsWith('/token')) return res.end(JSON.stringify({ token: 'tok-123' }));
      if (req.headers.authorization !== 'Bearer tok-123') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${this.host}/token",service="fake",scope="repository:acme/api:pull"`,
        });
        return res.end();
      }
      if (url === '/v2/acme/api/manifests/1.0') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
        return res.end(
          JSON.stringify({
            mediaType: 'application/vnd.oci.image.index.v1+json',
            manifests: [
              { digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } },
              { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
            ],
          }),
        );
      }
      if (url === '/v2/acme/api/manifests/sha256:amd') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        return res.end(
          JSON.stringify({ config: { digest: 'sha256:cfg' }, layers: [{ size: 1048576 }, { size: 524288 }] }),
        );
      }
      if (url === '/v2/acme/api/blobs/sha256:cfg') {
        return res.end(
          JSON.stringify({
            os: 'linux',
            architecture: 'amd64',
            created: '2026-01-02T03:04:05Z',
            config: {
              ExposedPorts: { '8080/tcp': {} },
              User: '1000:1000',
              Env: ['PATH=/usr/bin', 'API_TOKEN=abc'],
              Cmd: ['node', 'server.js'],
              WorkingDir: '/app',
              Labels: { 'org.opencontainers.image.source': 'https://example.com/api' },
            },
          }),
        );
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.host;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
