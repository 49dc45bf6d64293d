// Writing an output tree from a command: the writer's refusals become clear input
// errors (exit 2, nothing written) naming the directory and what is in the way.
import {
  ForeignFilesInOutput,
  OutputDirNotEmpty,
  OutputPathRefused,
  UnsafeOutputPath,
  writeTreeAtomically,
} from './writer.js';
import { OUTPUT_MANIFEST } from './paths.js';
import { InputError } from '../errors.js';
import { safeLine } from '../terminal/safe-text.js';

// Names found on disk are shown through safeLine: a file name can hold escape sequences.
const listed = (names: string[], max = 20) => [
  ...names.slice(0, max).map((f) => `  ${safeLine(f)}`),
  ...(names.length > max ? [`  … and ${names.length - max} more`] : []),
];

/** The writer's refusal as an InputError; undefined for other errors. `flag` names the option that chose the directory. */
export function outputWriteError(err: unknown, flag: string): InputError | undefined {
  if (err instanceof OutputDirNotEmpty) {
    const over = err.wouldOverwrite.length ? err.wouldOverwrite : err.existing;
    return new InputError(
      `${err.dir} is not empty; pass --force to replace what kaptain-kube wrote there before, or choose another ${flag}`,
      [
        `it holds ${err.existing.length} file(s)${err.wouldOverwrite.length ? `, ${err.wouldOverwrite.length} of which would be overwritten` : ''}:`,
        ...listed(over, 10),
      ],
    );
  }
  if (err instanceof ForeignFilesInOutput) {
    return new InputError(
      `${err.dir} holds files kaptain-kube did not write there; --force replaces only the files recorded in its ${OUTPUT_MANIFEST}, so nothing was written`,
      ['move these away or choose another ' + flag + ':', ...listed(err.foreign)],
    );
  }
  if (err instanceof OutputPathRefused) return new InputError(`${err.message}; nothing was written`);
  if (err instanceof UnsafeOutputPath) return new InputError(`${err.message}; nothing was written`);
  return undefined;
}

/** Writes the tree, turning the writer's refusals into InputErrors. */
export async function writeOutputTree(
  dir: string,
  files: ReadonlyMap<string, string>,
  opts: { force?: boolean; flag: string },
): Promise<void> {
  try {
    await writeTreeAtomically(dir, files, { force: opts.force });
  } catch (err) {
    throw outputWriteError(err, opts.flag) ?? err;
  }
}
