// Tool results carry more than text: images, audio, embedded resources and resource links.
// Those blocks are kept whole in the transcript (the session store turns large ones into
// blobs by content hash), told to the model as described text, and shown to a person as one
// placeholder line each (type and size; links as their URIs).

/** A content block other than text, in the shape MCP sends it. */
export type RichBlock = Record<string, unknown> & { type: string };

/** Text an embedded text resource may pass to the model before it is cut. */
const MODEL_TEXT_LIMIT = 8_000;

/** The blocks of a result that are not plain text, for the transcript. */
export function richBlocks(content: readonly unknown[] | undefined): RichBlock[] {
  return (content ?? []).filter(
    (c): c is RichBlock =>
      !!c && typeof c === 'object' && typeof (c as RichBlock).type === 'string' && (c as RichBlock).type !== 'text',
  );
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Bytes a base64 string decodes to, without decoding it. */
function base64Bytes(data: unknown): number {
  if (typeof data !== 'string') return 0;
  const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.replace(/\s/g, '').length * 3) / 4) - pad);
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** One line naming a block: what a person sees in place of it. */
function placeholder(block: RichBlock): string {
  switch (block.type) {
    case 'image':
    case 'audio':
      return `[${block.type} ${str(block.mimeType) ?? 'unknown type'}, ${size(base64Bytes(block.data))}]`;
    case 'resource': {
      const r = (block.resource ?? {}) as Record<string, unknown>;
      const amount = typeof r.text === 'string' ? `${r.text.length} chars` : size(base64Bytes(r.blob));
      return `[resource ${str(r.uri) ?? '?'} (${[str(r.mimeType), amount].filter(Boolean).join(', ')})]`;
    }
    case 'resource_link': {
      const what = [str(block.name), str(block.mimeType), typeof block.size === 'number' ? size(block.size) : undefined]
        .filter(Boolean)
        .join(', ');
      return `[resource link ${str(block.uri) ?? '?'}${what ? ` (${what})` : ''}]`;
    }
    default:
      return `[${block.type} content]`;
  }
}

/** What the model is told of a block: its placeholder, and an embedded text resource's text. */
export function describeForModel(block: RichBlock): string {
  const line = placeholder(block);
  if (block.type !== 'resource') return line;
  const text = str((block.resource as Record<string, unknown> | undefined)?.text);
  if (!text) return line;
  return `${line}\n${text.length > MODEL_TEXT_LIMIT ? `${text.slice(0, MODEL_TEXT_LIMIT)}\n[… ${text.length - MODEL_TEXT_LIMIT} more chars]` : text}`;
}

/** Placeholder lines for a recorded result's blocks (none for a result with text only). */
export function placeholderLines(content: readonly unknown[] | undefined): string[] {
  return richBlocks(content).map(placeholder);
}
