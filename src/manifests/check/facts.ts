// Facts for the check from the Dockerfile analysis: the variables the image sets
// (URL-valued ones become dependencies, database URLs are checked against the tree).
import { basename } from 'node:path';
import type { DockerfileFacts } from '../../dockerfile/facts.js';
import type { CheckFacts } from './types.js';

export function checkFactsFromDockerfile(d: Pick<DockerfileFacts, 'env'>): CheckFacts {
  return {
    imageEnv: d.env.map((e) => ({
      name: e.name,
      value: e.value,
      source: `${basename(e.source.file)}:${e.source.line}`,
    })),
  };
}
