// Input shared by the tools that read a Dockerfile: a path (with its build context)
// or the text itself. The spec's snake_case names are kept.
import { dirname } from 'node:path';
import { z } from 'zod';
import { analyzeText, fsContext, type ContextReader } from '../../src/dockerfile/analyze.js';
import { ToolError } from '../shared/tool.js';
import { containedContext, insideProjectRoot } from '../shared/project-root.js';
import { INPUT_LIMITS, readInputFile } from '../../src/input/read.js';

export const dockerfileSource = {
  dockerfile_path: z.string().min(1).optional().describe('Path of the Dockerfile on the server'),
  build_context: z.string().min(1).optional().describe("Build context directory (default: the Dockerfile's directory)"),
  content: z.string().optional().describe('The Dockerfile text, instead of a path'),
  target: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('The stage the image is built from (docker build --target); default: the last stage'),
};

const noContext: ContextReader = { read: async () => undefined, list: async () => [] };

export async function readSource(args: {
  dockerfile_path?: string;
  build_context?: string;
  content?: string;
  target?: string;
}) {
  if (args.content === undefined && !args.dockerfile_path) throw new ToolError('give dockerfile_path or content');
  // Only files under the project root are read, symbolic links included.
  const file = args.dockerfile_path ? insideProjectRoot(args.dockerfile_path, 'dockerfile_path') : 'Dockerfile';
  let text = args.content;
  if (text === undefined) {
    try {
      // Never blocks on a FIFO, never reads a device or a huge file.
      text = await readInputFile(file, {
        label: args.dockerfile_path,
        what: 'a Dockerfile',
        maxBytes: INPUT_LIMITS.dockerfile,
      });
    } catch (err) {
      throw new ToolError(`cannot read ${(err as Error).message}`);
    }
  }
  const contextDir = args.build_context
    ? insideProjectRoot(args.build_context, 'build_context')
    : args.dockerfile_path
      ? dirname(file)
      : undefined;
  const context = contextDir ? containedContext(fsContext(contextDir), contextDir) : noContext;
  try {
    return { text, file, facts: await analyzeText(text, file, context, { target: args.target }) };
  } catch (err) {
    throw new ToolError((err as Error).message);
  }
}
