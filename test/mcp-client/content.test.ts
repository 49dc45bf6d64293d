// Rich tool results: images, audio, embedded resources and resource links reach the model as
// described text, the transcript whole (big ones as blobs), a person as placeholder lines;
// a server's tools/list_changed refreshes the hub's tool list.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListPromptsRequestSchema, ListResourcesRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { McpHub, type ServerSource } from '../../src/mcp-client/hub.js';
import { placeholderLines } from '../../src/mcp-client/content.js';
import { SessionStore } from '../../src/sessions/store.js';
import { itemsFor } from '../../src/ui/view.js';

const PNG = Buffer.alloc(3000, 7).toString('base64');

/** MediaServer: a test double standing in for a third-party server whose tools return pictures, sound and resources, and add tools. */
function mediaServer(): ServerSource {
  return {
    name: 'media',
    transport: 'stdio',
    async connect() {
      const server = new McpServer({ name: 'media', version: '1.0.0' });
      server.registerTool('picture', { description: 'a picture and friends' }, async () => ({
        content: [
          { type: 'text', text: 'here it is' },
          { type: 'image', data: PNG, mimeType: 'image/png' },
          { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
          { type: 'resource', resource: { uri: 'file:///notes.txt', mimeType: 'text/plain', text: 'embedded notes' } },
          { type: 'resource_link', uri: 'file:///big.csv', name: 'big.csv', mimeType: 'text/csv' },
        ],
      }));
      server.registerTool('grow', { description: 'adds a tool' }, async () => {
        server.registerTool('extra', { description: 'added later' }, async () => ({ content: [] }));
        return { content: [{ type: 'text', text: 'grown' }] };
      });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test', version: '0' });
      await Promise.all([server.connect(b), client.connect(a)]);
      return client;
    },
  };
}

describe('rich tool results', () => {
  it('are described to the model and kept whole for the transcript', async () => {
    const hub = new McpHub([mediaServer()]);
    try {
      const out = await hub.callTool('media', 'picture', {});
      expect(out.isError).toBe(false);
      expect(out.text.split('\n')).toEqual([
        'here it is',
        '[image image/png, 2.9 KiB]',
        '[audio audio/wav, 3 B]',
        '[resource file:///notes.txt (text/plain, 14 chars)]',
        'embedded notes',
        '[resource link file:///big.csv (big.csv, text/csv)]',
      ]);
      expect(out.rich?.map((b) => b.type)).toEqual(['image', 'audio', 'resource', 'resource_link']);
      expect(out.rich?.[0]).toMatchObject({ data: PNG, mimeType: 'image/png' });
    } finally {
      await hub.close();
    }
  });

  it('are stored in the transcript with the image data in a blob, and shown as placeholder lines', async () => {
    const hub = new McpHub([mediaServer()]);
    const store = new SessionStore(mkdtempSync(join(tmpdir(), 'kk-content-')));
    try {
      const out = await hub.callTool('media', 'picture', {});
      const f = store.create();
      await f.append({ type: 'tool.result', callId: 'c1', isError: false, text: out.text, content: out.rich });
      f.close();
      const line = readFileSync(f.path, 'utf8');
      // The base64 image is not inline: the event names a blob by content hash.
      expect(line).not.toContain(PNG.slice(0, 100));
      expect(JSON.parse(line).content).toEqual({ $blob: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(readdirSync(f.path.replace(/\.jsonl$/, '.blobs'))).toHaveLength(1);
      const [event] = store.open(f.id).events;
      expect(event.type === 'tool.result' && event.content?.[0]).toMatchObject({ type: 'image', data: PNG });
      const lines = [
        '[image image/png, 2.9 KiB]',
        '[audio audio/wav, 3 B]',
        '[resource file:///notes.txt (text/plain, 14 chars)]',
        '[resource link file:///big.csv (big.csv, text/csv)]',
      ];
      expect(placeholderLines(event.type === 'tool.result' ? event.content : [])).toEqual(lines);
      expect(itemsFor(event).map((i) => (i.kind === 'notice' ? i.text.trim() : i.kind))).toEqual(lines);
      store.open(f.id).file.close();
    } finally {
      await hub.close();
    }
  });

  it('a server that says its tools changed is listed afresh', async () => {
    const hub = new McpHub([mediaServer()]);
    try {
      expect((await hub.listTools('media')).map((t) => t.name)).toEqual(['picture', 'grow']);
      await hub.callTool('media', 'grow', {});
      // The notification travels on the same in-memory link, so it has arrived once another request has answered.
      await ((await hub.client('media')) as Client).ping();
      expect((await hub.listTools('media')).map((t) => t.name)).toEqual(['picture', 'grow', 'extra']);
    } finally {
      await hub.close();
    }
  });
});

/** PagingServer: a test double standing in for a server with more resources and prompts than fit one page. */
function pagingServer(): ServerSource {
  return {
    name: 'paged',
    transport: 'stdio',
    async connect() {
      const server = new Server({ name: 'paged', version: '1.0.0' }, { capabilities: { resources: {}, prompts: {} } });
      const page = (cursor: string | undefined) => Number(cursor ?? 0);
      server.setRequestHandler(ListResourcesRequestSchema, async (req) => {
        const p = page(req.params?.cursor);
        return {
          resources: [0, 1].map((i) => ({ uri: `mem://r${p * 2 + i}`, name: `r${p * 2 + i}` })),
          ...(p < 2 ? { nextCursor: String(p + 1) } : {}),
        };
      });
      server.setRequestHandler(ListPromptsRequestSchema, async (req) => {
        const p = page(req.params?.cursor);
        return { prompts: [{ name: `p${p}` }], ...(p < 1 ? { nextCursor: String(p + 1) } : {}) };
      });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test', version: '0' });
      await Promise.all([server.connect(b), client.connect(a)]);
      return client;
    },
  };
}

describe('listing resources and prompts', () => {
  it('follows every page', async () => {
    const hub = new McpHub([pagingServer()]);
    try {
      expect((await hub.listResources('paged')).map((r) => r.uri)).toEqual([
        'mem://r0',
        'mem://r1',
        'mem://r2',
        'mem://r3',
        'mem://r4',
        'mem://r5',
      ]);
      expect((await hub.listPrompts('paged')).map((p) => p.name)).toEqual(['p0', 'p1']);
    } finally {
      await hub.close();
    }
  });
});
