import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callErr, callOk, connectBuiltin } from '../../helpers/mcp.js';
import { FakeRegistry } from '../../helpers/fake-registry.js';
import { REPO } from '../../helpers/cli.js';

let client: Client;
beforeAll(async () => {
  client = await connectBuiltin('docker-analysis');
});
afterAll(async () => client.close());

const blog = { dockerfile_path: join(REPO, 'fixtures/blog-api/Dockerfile') };

describe('docker-analysis over MCP', () => {
  it("lists exactly the spec's tools and resources", async () => {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'analyze_dockerfile',
      'detect_dependencies',
      'estimate_resources',
      'inspect_image',
      'security_scan',
    ]);
    expect((await client.listResources()).resources.map((r) => r.name).sort()).toEqual([
      'base_image_catalog',
      'dockerfile_best_practices',
    ]);
    for (const t of (await client.listTools()).tools) expect(t.annotations?.readOnlyHint).toBe(true);
  });

  it('analyze_dockerfile: the blog-api facts with provenance', async () => {
    const r = await callOk<{ facts: any; reasons: string[] }>(client, 'analyze_dockerfile', blog);
    expect(r.facts.exposed.map((p: { port: number }) => p.port)).toEqual([3000]);
    expect(r.facts.user).toMatchObject({ uid: 1000, gid: 1000, root: false });
    expect(r.facts.healthcheck).toMatchObject({ path: '/health', port: 3000, intervalSeconds: 30, retries: 3 });
    expect(r.facts.language).toBe('node');
    expect(r.facts.frameworks.map((f: { name: string }) => f.name)).toContain('Express');
    expect(r.facts.dependencies[0]).toMatchObject({ kind: 'postgresql', evidence: 'ENV DATABASE_URL' });
    expect(r.facts.multiStage).toBe(true);
    expect(r.reasons).toContain('EXPOSE 3000/tcp ← Dockerfile:15');
  });

  it('analyze_dockerfile: inline content, ARG/ENV substitution in EXPOSE, database images, GPU bases', async () => {
    const r = await callOk<{ facts: any }>(client, 'analyze_dockerfile', {
      content: 'ARG PORT=8080\nFROM postgres:16\nARG PORT\nENV METRICS=9187\nEXPOSE ${PORT}/tcp $METRICS 53/udp\n',
    });
    expect(r.facts.exposed.map((p: { port: number; protocol: string }) => `${p.port}/${p.protocol}`)).toEqual([
      '8080/tcp',
      '9187/tcp',
      '53/udp',
    ]);
    expect(r.facts.databaseImage).toBe('postgresql');
    const gpu = await callOk<{ facts: any }>(client, 'analyze_dockerfile', {
      dockerfile_path: join(REPO, 'fixtures/image-classifier/Dockerfile'),
    });
    expect(gpu.facts.gpu).toBe(true);
    expect(gpu.facts.healthcheck).toMatchObject({ path: '/v1/models/classifier', port: 8501 });
  });

  it('detect_dependencies finds language, framework and services', async () => {
    const r = await callOk<any>(client, 'detect_dependencies', {
      dockerfile_path: join(REPO, 'fixtures/python-api/Dockerfile'),
    });
    expect(r.language).toBe('python');
    expect(r.frameworks.map((f: { name: string }) => f.name)).toEqual(['FastAPI']);
    expect(r.dependencies.map((d: { kind: string }) => d.kind).sort()).toEqual(['postgresql', 'redis']);
    const go = await callOk<any>(client, 'detect_dependencies', {
      dockerfile_path: join(REPO, 'fixtures/user-service/Dockerfile'),
    });
    expect(go.frameworks.map((f: { name: string }) => f.name)).toEqual(['gRPC (grpc-go)']);
  });

  it('estimate_resources: JVM needs more memory than Go; GPU inference has a floor; load raises CPU', async () => {
    const java = await callOk<any>(client, 'estimate_resources', { language: 'java' });
    const go = await callOk<any>(client, 'estimate_resources', { language: 'go' });
    expect(parseInt(java.memory)).toBeGreaterThan(parseInt(go.memory));
    const gpu = await callOk<any>(client, 'estimate_resources', {
      language: 'python',
      app_type: 'gpu-inference',
      gpu: 1,
    });
    expect(gpu.memory).toBe('8Gi');
    const loaded = await callOk<any>(client, 'estimate_resources', {
      language: 'node',
      requirements: ['Handle 1000 concurrent users'],
    });
    expect(loaded.cpu).not.toBe((await callOk<any>(client, 'estimate_resources', { language: 'node' })).cpu);
    expect(loaded.reasons.join(' ')).toContain('1000 concurrent users');
  });

  it('security_scan reports lint and base-image findings with rule ids', async () => {
    const r = await callOk<any>(client, 'security_scan', {
      content: 'FROM node:18\nENV API_TOKEN=abc123\nRUN curl -sSL https://x.sh | sh\nCMD node server.js\n',
      today: '2026-11-25',
    });
    const rules = r.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['KK-DF-008', 'KK-DF-013', 'KK-DF-009', 'KK-DF-003', 'KK-IMG-001']));
    expect(r.note).toContain('not scanned for CVEs');
  });

  it('inspect_image reads a registry (test double with token flow) and never invents data when unreachable', async () => {
    const reg = new FakeRegistry();
    const host = await reg.start();
    try {
      const r = await callOk<any>(client, 'inspect_image', { image: `${host}/acme/api:1.0` });
      expect(r).toMatchObject({
        exposedPorts: ['8080/tcp'],
        user: '1000:1000',
        workdir: '/app',
        layers: 2,
        sizeBytes: 1572864,
        runsAsRoot: false,
        digest: 'sha256:amd',
      });
      expect(r.env).toContainEqual({ name: 'API_TOKEN', value: '[redacted]' });
      expect(reg.requests.some((q) => q.url.startsWith('/token'))).toBe(true);
    } finally {
      await reg.stop();
    }
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const err = await callErr(client, 'inspect_image', { image: `127.0.0.1:${closed}/acme/api:1.0`, timeout_ms: 1000 });
    expect(err).toMatch(/could not reach the registry 127\.0\.0\.1:\d+/);
    expect(err).toContain('Nothing was inferred');
  });

  it('bad arguments are schema errors naming the field', async () => {
    expect(await callErr(client, 'estimate_resources', { gpu: 'two' })).toMatch(/gpu/);
    expect(await callErr(client, 'inspect_image', {})).toMatch(/image/);
    expect(await callErr(client, 'analyze_dockerfile', {})).toMatch(/dockerfile_path or content/);
  });

  it('resources read and parse', async () => {
    const cat = await client.readResource({ uri: 'kaptain://docker-analysis/base_image_catalog' });
    expect(JSON.parse((cat.contents[0] as { text: string }).text).images.length).toBeGreaterThan(5);
    const md = await client.readResource({ uri: 'kaptain://docker-analysis/dockerfile_best_practices' });
    expect((md.contents[0] as { text: string }).text).toContain('KK-DF-008');
  });
});
