// Rules about the image the final stage makes: a pinned base, a non-root user, a health check.
import { kw, raw, type Rule } from './rule.js';

export const IMAGE_RULES: Rule[] = [
  {
    id: 'KK-DF-001',
    severity: 'warning',
    title: 'base image not pinned',
    check: ({ stages }) =>
      stages.flatMap(({ from }, idx) => {
        const image = from.getImageName() ?? '';
        const earlier = stages.slice(0, idx).map((s) => s.name);
        if (!image || image === 'scratch' || earlier.includes(image) || image.includes('$')) return [];
        const tag = from.getImageTag();
        if (from.getImageDigest()) return [];
        if (!tag)
          return [
            {
              at: from,
              message: `FROM ${image} has no tag, so it means :latest and changes under you`,
              fix: `pin a version, e.g. ${image}:<version>, or a digest`,
            },
          ];
        if (tag === 'latest')
          return [
            {
              at: from,
              message: `FROM ${image}:latest is not reproducible`,
              fix: `pin a version, e.g. ${image}:<version>, or a digest`,
            },
          ];
        return [];
      }),
  },
  {
    id: 'KK-DF-002',
    severity: 'error',
    title: 'final stage runs as root',
    check: ({ stages }) => {
      const last = stages[stages.length - 1];
      if (!last) return [];
      const users = last.body.filter(kw('USER'));
      const u = users[users.length - 1];
      if (!u) return [];
      const name = raw(u).trim().split(':')[0];
      return name === 'root' || name === '0'
        ? [
            {
              at: u,
              message: `the image runs as ${raw(u).trim()}`,
              fix: 'add a non-root user and end with USER 10001:10001 (Pod Security "restricted" requires non-root)',
            },
          ]
        : [];
    },
  },
  {
    id: 'KK-DF-003',
    severity: 'warning',
    title: 'no USER in the final stage',
    check: ({ stages }) => {
      const last = stages[stages.length - 1];
      if (!last || last.body.some(kw('USER'))) return [];
      const base = last.from.getImageName() ?? '';
      // Images that already default to a non-root user.
      if (/distroless|nginx-unprivileged|chainguard/.test(base) || /nonroot/.test(last.from.getImageTag() ?? ''))
        return [];
      return [
        {
          at: last.from,
          message: 'the final stage sets no USER, so it runs as root',
          fix: 'end the final stage with USER 10001:10001 (or a named non-root user)',
        },
      ];
    },
  },
  {
    id: 'KK-DF-007',
    severity: 'warning',
    title: 'server without HEALTHCHECK',
    check: ({ stages }) => {
      const last = stages[stages.length - 1];
      if (!last) return [];
      const expose = last.body.find(kw('EXPOSE'));
      if (!expose || last.body.some(kw('HEALTHCHECK'))) return [];
      return [
        {
          at: expose,
          message: 'the image serves ports but has no HEALTHCHECK',
          fix: 'add HEALTHCHECK CMD wget -qO- http://localhost:<port>/health || exit 1 (KaptainKube turns it into probes)',
        },
      ];
    },
  },
];
