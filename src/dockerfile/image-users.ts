// Numeric ids of the users well-known base images ship, so `USER node` or a base whose
// own config runs as non-root becomes the id the image's files are owned by. Values are
// what each image's published Dockerfile creates; an image not listed here resolves nothing.

export interface KnownUser {
  uid: number;
  gid?: number;
}

interface ImageUsers {
  /** Matches the image reference without tag or digest, registry and `library/` removed. */
  match: RegExp;
  /** Only for these tags (the alpine variant of an image may number its users differently). */
  tag?: RegExp;
  users: Record<string, KnownUser>;
  /** The user the image itself runs as when the Dockerfile says no USER. */
  defaultUser?: (tag: string | undefined) => string | undefined;
  label: string;
}

const TABLE: ImageUsers[] = [
  { label: 'node', match: /^node$/, users: { node: { uid: 1000, gid: 1000 } } },
  {
    label: 'distroless',
    match: /^(gcr\.io\/)?distroless\//,
    users: { nonroot: { uid: 65532, gid: 65532 }, root: { uid: 0, gid: 0 } },
    defaultUser: (tag) => (tag && /(^|-)nonroot$/.test(tag) ? 'nonroot' : undefined),
  },
  {
    label: 'Chainguard',
    match: /^cgr\.dev\/chainguard\//,
    users: { nonroot: { uid: 65532, gid: 65532 } },
    defaultUser: (tag) => (tag && /-dev$/.test(tag) ? undefined : 'nonroot'),
  },
  {
    label: 'nginx-unprivileged',
    match: /^nginxinc\/nginx-unprivileged$/,
    users: { nginx: { uid: 101, gid: 101 } },
    defaultUser: () => 'nginx',
  },
  { label: 'nginx', match: /^nginx$/, users: { nginx: { uid: 101, gid: 101 } } },
  { label: 'postgres (alpine)', match: /^postgres$/, tag: /alpine/, users: { postgres: { uid: 70, gid: 70 } } },
  { label: 'postgres', match: /^postgres$/, users: { postgres: { uid: 999, gid: 999 } } },
  { label: 'redis (alpine)', match: /^redis$/, tag: /alpine/, users: { redis: { uid: 999, gid: 1000 } } },
  { label: 'redis', match: /^redis$/, users: { redis: { uid: 999, gid: 999 } } },
  { label: 'mysql', match: /^mysql$/, users: { mysql: { uid: 999, gid: 999 } } },
  { label: 'mongo', match: /^mongo$/, users: { mongodb: { uid: 999, gid: 999 } } },
  { label: 'Bitnami', match: /^bitnami\//, users: {}, defaultUser: () => '1001' },
  {
    label: 'UBI language image',
    match:
      /^(registry\.access\.redhat\.com\/|registry\.redhat\.io\/)?ubi\d+\/(nodejs|python|ruby|php|perl|go-toolset|openjdk|dotnet)/,
    users: { default: { uid: 1001 } },
    defaultUser: () => 'default',
  },
];

/** `docker.io/library/node` and `node` are the same image; the tag and digest are not part of it. */
function imageKey(raw: string): string {
  const noDigest = raw.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const noTag = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return noTag
    .toLowerCase()
    .replace(/^(index\.)?docker\.io\//, '')
    .replace(/^library\//, '');
}

function entryFor(raw: string, tag: string | undefined): ImageUsers | undefined {
  const key = imageKey(raw);
  return TABLE.find((e) => e.match.test(key) && (!e.tag || (tag !== undefined && e.tag.test(tag))));
}

/** A named user of a well-known image, with the table's label as evidence. */
export function knownImageUser(
  raw: string,
  tag: string | undefined,
  name: string,
): (KnownUser & { evidence: string }) | undefined {
  const e = entryFor(raw, tag);
  const u = e?.users[name];
  return u ? { ...u, evidence: `the ${e!.label} image's user ${name} is ${u.uid}` } : undefined;
}

/** The user a well-known image runs as by itself, when that user is not root. */
export function imageDefaultUser(
  raw: string,
  tag: string | undefined,
): (KnownUser & { name?: string; evidence: string }) | undefined {
  const e = entryFor(raw, tag);
  const name = e?.defaultUser?.(tag);
  if (!e || name === undefined) return undefined;
  if (/^\d+$/.test(name)) return { uid: Number(name), evidence: `the ${e.label} image runs as ${name}` };
  const u = e.users[name];
  return u ? { ...u, name, evidence: `the ${e.label} image runs as ${name} (${u.uid})` } : undefined;
}
