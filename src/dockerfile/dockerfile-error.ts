import { InputError } from '../errors.js';

/** A Dockerfile that cannot be turned into a deployment, at FILE:LINE:COL. Exit code 2. */
export class DockerfileError extends InputError {
  override name = 'DockerfileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${col}: ${problem}`);
  }
}
