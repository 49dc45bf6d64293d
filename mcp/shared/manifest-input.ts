// Input shared by the tools that take a manifest set: generated files, or YAML text.
import { z } from 'zod';
import { yamlToObjects } from '../../src/manifests/yaml.js';
import { generatedFileSchema, type GeneratedFile } from '../../src/manifests/result.js';
import { ToolError } from './tool.js';

export const manifestSetInput = {
  files: z.array(generatedFileSchema).optional().describe('Generated files, as returned by the generate_* tools'),
  yaml: z.string().optional().describe('Multi-document YAML, instead of files'),
};

export function manifestFiles(args: { files?: GeneratedFile[]; yaml?: string }): GeneratedFile[] {
  if (args.files) return args.files;
  if (args.yaml !== undefined) {
    try {
      return [{ path: '<yaml>', objects: yamlToObjects(args.yaml) }];
    } catch (err) {
      throw new ToolError((err as Error).message);
    }
  }
  throw new ToolError('give files or yaml');
}
