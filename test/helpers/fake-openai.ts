// FakeOpenAiServer: a test double standing in for the paid OpenAI Chat Completions API
// (or any OpenAI-compatible server such as Ollama or vLLM). It listens on 127.0.0.1,
// records every request, and answers from a script: streamed text and tool calls as
// server-sent events, or an HTTP error status. `endless` stands in for a broken or
// hostile server whose stream never ends: text or tool-call arguments until the
// client hangs up. With `contextLimit` it stands in for a small local model server
// (llama.cpp, Ollama): a request over that many estimated tokens (chars/4) is refused
// with a 400, as they refuse a prompt longer than their context. It reports usage
// (chars/4 estimates) when the request asks for it with stream_options.include_usage.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type ScriptedReply =
  | { text?: string; toolCalls?: { id?: string; name: string; arguments: string }[] }
  | { status: number; error: { message: string; type?: string; code?: string }; headers?: Record<string, string> }
  | { endless: 'text' | 'arguments' };

export type Script = (request: ChatRequest, index: number) => ScriptedReply;

export interface ChatRequest {
  model: string;
  messages: {
    role: string;
    content?: string | null;
    tool_calls?: { id: string; function: { name: string; arguments: string } }[];
    tool_call_id?: string;
  }[];
  tools?: { type: string; function: { name: string; description?: string; parameters: Record<string, unknown> } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  headers: Record<string, string | string[] | undefined>;
  /** Size of the request body as sent. */
  bytes: number;
}

export interface FakeServerOptions {
  /** Refuse requests above this many estimated tokens (chars/4 of the body) with a 400. */
  contextLimit?: number;
  /** Never report usage, as some servers do not: the client must estimate. */
  omitUsage?: boolean;
}

const estimate = (text: string) => Math.ceil(text.length / 4);

export class FakeOpenAiServer {
  readonly requests: ChatRequest[] = [];
  /** Bytes written by each endless stream before the client hung up. */
  readonly endlessBytes: number[] = [];
  private server?: Server;
  /** Requests refused for being over the context limit. */
  readonly refused: number[] = [];
  constructor(
    private readonly script: Script,
    private readonly options: FakeServerOptions = {},
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const request = {
      ...(JSON.parse(body) as Omit<ChatRequest, 'headers' | 'bytes'>),
      headers: req.headers,
      bytes: Buffer.byteLength(body),
    };
    this.requests.push(request);
    const limit = this.options.contextLimit;
    if (limit !== undefined && estimate(body) > limit) {
      this.refused.push(this.requests.length - 1);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `the request exceeds the available context size (${estimate(body)} > ${limit} tokens)`,
            type: 'exceed_context_size_error',
          },
        }),
      );
      return;
    }
    const reply = this.script(request, this.requests.length - 1);
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ error: reply.error }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if ('endless' in reply) return this.endless(res, reply.endless, request.model);
    const base = {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion.chunk',
      created: 0,
      model: request.model,
    };
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    send({ role: 'assistant' });
    // Text arrives in small pieces, as real servers stream it.
    for (const piece of (reply.text ?? '').match(/.{1,12}/gs) ?? []) send({ content: piece });
    (reply.toolCalls ?? []).forEach((c, i) => {
      send({
        tool_calls: [
          {
            index: i,
            id: c.id ?? `call_${this.requests.length}_${i}`,
            type: 'function',
            function: { name: c.name, arguments: '' },
          },
        ],
      });
      const half = Math.ceil(c.arguments.length / 2);
      send({ tool_calls: [{ index: i, function: { arguments: c.arguments.slice(0, half) } }] });
      send({ tool_calls: [{ index: i, function: { arguments: c.arguments.slice(half) } }] });
    });
    send({}, reply.toolCalls?.length ? 'tool_calls' : 'stop');
    if (request.stream_options?.include_usage && !this.options.omitUsage) {
      const out = (reply.text ?? '') + (reply.toolCalls ?? []).map((c) => c.name + c.arguments).join('');
      const usage = {
        prompt_tokens: estimate(body),
        completion_tokens: estimate(out),
        total_tokens: estimate(body) + estimate(out),
      };
      res.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }

  /** Streams until the client closes the connection, honouring backpressure. */
  private async endless(res: ServerResponse, kind: 'text' | 'arguments', model: string): Promise<void> {
    const base = { id: `chatcmpl-${this.requests.length}`, object: 'chat.completion.chunk', created: 0, model };
    const event = (delta: Record<string, unknown>) =>
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
    const piece = 'x'.repeat(4096);
    const chunk =
      kind === 'text'
        ? event({ content: piece })
        : event({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
    let bytes = 0;
    let open = true;
    let wake = () => undefined as void;
    res.on('close', () => ((open = false), wake()));
    res.on('drain', () => wake());
    res.write(
      event(
        kind === 'text'
          ? { role: 'assistant' }
          : {
              tool_calls: [
                { index: 0, id: 'call_endless', type: 'function', function: { name: 'endless', arguments: '' } },
              ],
            },
      ),
    );
    while (open) {
      bytes += chunk.length;
      if (!res.write(chunk)) await new Promise<void>((resolve) => (wake = resolve));
    }
    this.endlessBytes.push(bytes);
  }
}
