// A Compose service's build and image → spec.dockerfile, spec.buildContext and spec.image,
// with the facts of the Dockerfile the build names.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { analyzeDockerfile } from '../dockerfile/analyze.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { InputError } from '../errors.js';
import { quoted, type ServiceMapping } from './compose-mapping.js';
import { setField } from './draft.js';

const rel = (dir: string, abs: string) => {
  const r = relative(dir, abs);
  return r === '' ? '.' : `./${r}`;
};

/** The facts of the service's Dockerfile, when it has a local one that could be read. */
export async function mapBuild(m: ServiceMapping): Promise<DockerfileFacts | undefined> {
  const { p, name, svc, d, at, warn, fail } = m;
  let facts: DockerfileFacts | undefined;
  if (svc.build !== undefined) {
    const b = (typeof svc.build === 'string' ? { context: svc.build } : svc.build) as {
      context?: string;
      dockerfile?: string;
      target?: string;
      args?: unknown;
      dockerfile_inline?: string;
    };
    const context = b.context ?? '.';
    const ctxAbs = resolve(p.dir, context);
    const where =
      typeof svc.build === 'string' ? at('build') : at('build', b.context !== undefined ? 'context' : 'dockerfile');
    const inside = !relative(p.dir, ctxAbs).startsWith('..') && !isAbsolute(relative(p.dir, ctxAbs));
    if (/^[a-z]+:\/\/|^git@/i.test(context))
      warn(
        where,
        `build context ${context} is a remote source; init reads only local contexts — set spec.dockerfile by hand`,
      );
    else if (!existsSync(ctxAbs) || !statSync(ctxAbs).isDirectory())
      fail(where, `build context "${context}" does not exist or is not a directory (looked for ${ctxAbs})`);
    else if (!inside)
      fail(
        where,
        `build context "${context}" is outside the Compose file's directory; configs are written beside the Compose file and may only name paths below it`,
      );
    else if (b.dockerfile_inline !== undefined)
      warn(
        at('build', 'dockerfile_inline'),
        'build.dockerfile_inline is not read; put the Dockerfile in the context and name it in build.dockerfile',
        true,
      );
    else {
      const dfAbs = resolve(ctxAbs, b.dockerfile ?? 'Dockerfile');
      if (!existsSync(dfAbs))
        fail(
          b.dockerfile ? at('build', 'dockerfile') : where,
          `Dockerfile "${b.dockerfile ?? 'Dockerfile'}" not found in build context "${context}" (looked for ${dfAbs})`,
        );
      else {
        setField(
          d,
          ['spec', 'dockerfile'],
          rel(p.dir, dfAbs),
          `compose: build${b.dockerfile ? `.dockerfile "${b.dockerfile}"` : ` "${context}"`}`,
        );
        if (rel(p.dir, ctxAbs) !== '.')
          setField(d, ['spec', 'buildContext'], rel(p.dir, ctxAbs), `compose: build context "${context}"`);
        try {
          facts = await analyzeDockerfile({ dockerfilePath: rel(process.cwd(), dfAbs), contextDir: ctxAbs });
        } catch (err) {
          if (err instanceof InputError) fail(where, err.message);
          else throw err;
        }
        if (facts && b.target !== undefined) {
          if (facts.finalStage.name === b.target)
            d.notes.push(`build.target ${b.target} is the Dockerfile's final stage, which deploy analyses`);
          else
            warn(
              at('build', 'target'),
              `build.target "${b.target}" is not the Dockerfile's final stage (${facts.finalStage.name ?? `stage ${facts.finalStage.index}`}); deploy analyses the final stage — build the image for "${b.target}" and set spec.image`,
            );
        }
        if (b.args !== undefined)
          warn(at('build', 'args'), 'build.args are not carried: pass them to the image build in CI', true);
      }
    }
  }
  if (typeof svc.image === 'string' && svc.image)
    setField(d, ['spec', 'image'], svc.image, `compose: image ${quoted(svc.image)}`);
  else if (svc.build === undefined) fail(at(), `service ${name} has neither image nor build`);
  return facts;
}
