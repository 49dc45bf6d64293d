// A stage's state as the instructions leave it, and the user it finally runs as.
import type { BaseImage, DockerfileFacts, Language, SourceRef } from './facts.js';
import { knownImageUser } from './image-users.js';
import { groupId, type CreatedIds } from './run-users.js';

type UserFact = NonNullable<DockerfileFacts['user']>;

/** What a stage knows at its end; a stage built FROM another starts from a copy of it, as Docker does. */
export interface StageState {
  base: BaseImage;
  /** The image at the bottom of a FROM <stage> chain: what the container really runs on. */
  image: BaseImage;
  env: DockerfileFacts['env'];
  exposed: DockerfileFacts['exposed'];
  user?: UserFact & { group?: string };
  healthcheck?: DockerfileFacts['healthcheck'];
  cmd?: string[];
  /** CMD was written in this stage (a later ENTRYPOINT then keeps it). */
  cmdSet: boolean;
  entrypoint?: string[];
  volumes: DockerfileFacts['volumes'];
  workdir?: string;
  created: CreatedIds;
  copied: { path: string; kind: string; language: Language; source: SourceRef }[];
  copiesAll?: SourceRef;
  /** Web server configuration files copied into the image (nginx): they say which ports speak TLS. */
  serverConfigs: { path: string; source: SourceRef }[];
}

export function startStage(base: BaseImage, parent: StageState | undefined): StageState {
  if (!parent)
    return {
      base,
      image: base,
      env: [],
      exposed: [],
      cmdSet: false,
      volumes: [],
      created: { users: new Map(), groups: new Map() },
      copied: [],
      serverConfigs: [],
    };
  return {
    ...parent,
    base,
    env: [...parent.env],
    exposed: [...parent.exposed],
    volumes: [...parent.volumes],
    cmdSet: false,
    created: { users: new Map(parent.created.users), groups: new Map(parent.created.groups) },
    copied: [],
    copiesAll: undefined,
    serverConfigs: [...parent.serverConfigs],
  };
}

/** USER name[:group] → numeric ids from the RUNs of the stage chain or the base image's known users. */
export function resolveUser(s: StageState): UserFact | undefined {
  const u = s.user;
  if (!u) return undefined;
  const { group, ...fact } = u;
  if (u.uid !== undefined && (group === undefined || u.gid !== undefined)) return fact;
  let uid = u.uid;
  let gid = u.gid;
  const by: string[] = [];
  if (uid === undefined && u.name) {
    const made = s.created.users.get(u.name);
    const known = made ? undefined : knownImageUser(s.image.raw, s.image.tag, u.name);
    if (made) {
      uid = made.uid;
      by.push(`a RUN creates ${u.name} with uid ${made.uid}`);
      if (group === undefined) gid = groupId(s.created, made.gid);
    } else if (known) {
      uid = known.uid;
      by.push(known.evidence);
      if (group === undefined) gid = known.gid;
    }
  }
  if (group !== undefined && gid === undefined) {
    gid = groupId(s.created, group) ?? knownImageUser(s.image.raw, s.image.tag, group)?.gid;
    if (gid !== undefined && !/^\d+$/.test(group)) by.push(`group ${group} is ${gid}`);
  }
  return { ...fact, uid, gid, root: fact.root || uid === 0, ...(by.length ? { resolvedBy: by.join('; ') } : {}) };
}
