// Dockerfile lint rules of the kind people rely on hadolint for. Each rule is a
// small object with a stable id; findings carry line:col and what to do.
import { DockerfileParser, type Instruction, type From } from 'dockerfile-ast';
import { substitute } from './analyze.js';

type Severity = 'error' | 'warning' | 'info';

export interface LintFinding {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  col: number;
  fix: string;
}

interface Ctx {
  all: Instruction[];
  stages: { from: From; name?: string; body: Instruction[] }[];
  vars: Map<string, string>;
}

interface Rule {
  id: string;
  severity: Severity;
  title: string;
  check(ctx: Ctx): { at: Instruction | { line: number; col: number }; message: string; fix: string }[];
}

const KNOWN = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;
const raw = (i: Instruction) => i.getRawArgumentsContent() ?? '';
const kw = (k: string) => (i: Instruction) => i.getKeyword() === k;

const RULES: Rule[] = [
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
    id: 'KK-DF-004',
    severity: 'warning',
    title: 'apt-get install without --no-install-recommends',
    check: ({ all }) =>
      all
        .filter(
          (i) => kw('RUN')(i) && /apt-get\s+(-\S+\s+)*install/.test(raw(i)) && !/--no-install-recommends/.test(raw(i)),
        )
        .map((at) => ({
          at,
          message: 'apt-get install pulls recommended packages too',
          fix: 'use apt-get install -y --no-install-recommends …',
        })),
  },
  {
    id: 'KK-DF-005',
    severity: 'info',
    title: 'apt lists not cleaned',
    check: ({ all }) =>
      all
        .filter(
          (i) =>
            kw('RUN')(i) &&
            /apt-get\s+(-\S+\s+)*install/.test(raw(i)) &&
            !/rm\s+-[rf]+\s+\/var\/lib\/apt\/lists/.test(raw(i)),
        )
        .map((at) => ({
          at,
          message: 'the apt package lists stay in the layer',
          fix: 'end the same RUN with && rm -rf /var/lib/apt/lists/*',
        })),
  },
  {
    id: 'KK-DF-006',
    severity: 'warning',
    title: 'ADD for local files',
    check: ({ all }) =>
      all
        .filter((i) => kw('ADD')(i))
        .filter((i) => {
          const srcs = i
            .getArguments()
            .map((a) => a.getValue())
            .filter((a) => !a.startsWith('--'))
            .slice(0, -1);
          return srcs.some(
            (s) => !/^https?:\/\//.test(s) && !/\.(tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/.test(s) && !s.startsWith('git@'),
          );
        })
        .map((at) => ({
          at,
          message: 'ADD of a local file; ADD also unpacks archives and fetches URLs, which hides what it does',
          fix: 'use COPY for local files',
        })),
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
  {
    id: 'KK-DF-008',
    severity: 'error',
    title: 'secret in ENV or ARG',
    check: ({ all }) =>
      all
        .filter((i) => kw('ENV')(i) || kw('ARG')(i))
        .flatMap((i) =>
          i
            .getArguments()
            .map((a) => a.getValue())
            .filter((a) => {
              const [name, ...v] = a.split('=');
              return SECRET_NAME.test(name) && v.join('=').trim() !== '' && !v.join('=').startsWith('$');
            })
            .map((a) => ({
              at: i,
              message: `${a.split('=')[0]} has a literal value baked into the image`,
              fix: 'pass secrets at run time from a Kubernetes Secret (spec.secretsRequired), or use RUN --mount=type=secret at build time',
            })),
        ),
  },
  {
    id: 'KK-DF-009',
    severity: 'warning',
    title: 'shell-form CMD or ENTRYPOINT',
    check: ({ all }) =>
      all
        .filter((i) => (kw('CMD')(i) || kw('ENTRYPOINT')(i)) && !raw(i).trim().startsWith('['))
        .map((at) => ({
          at,
          message: `${at.getKeyword()} in shell form runs under /bin/sh -c, which does not forward SIGTERM to the app`,
          fix: `use the exec form: ${at.getKeyword()} ["executable", "arg"]`,
        })),
  },
  {
    id: 'KK-DF-010',
    severity: 'warning',
    title: 'relative WORKDIR',
    check: ({ all, vars }) =>
      all
        .filter(
          (i) => kw('WORKDIR')(i) && !substitute(raw(i).trim(), vars).startsWith('/') && !raw(i).trim().startsWith('$'),
        )
        .map((at) => ({
          at,
          message: `WORKDIR ${raw(at).trim()} is relative to whatever came before`,
          fix: 'use an absolute path, e.g. WORKDIR /app',
        })),
  },
  {
    id: 'KK-DF-011',
    severity: 'warning',
    title: 'several CMD or ENTRYPOINT in a stage',
    check: ({ stages }) =>
      stages.flatMap(({ body }) =>
        (['CMD', 'ENTRYPOINT'] as const).flatMap((k) => {
          const list = body.filter(kw(k));
          return list.slice(0, -1).map((at) => ({
            at,
            message: `only the last ${k} of a stage takes effect; this one is ignored`,
            fix: `keep one ${k} per stage`,
          }));
        }),
      ),
  },
  {
    id: 'KK-DF-012',
    severity: 'error',
    title: 'sudo in RUN',
    check: ({ all }) =>
      all
        .filter((i) => kw('RUN')(i) && /(^|[\s;&|])sudo\s/.test(raw(i)))
        .map((at) => ({
          at,
          message: 'sudo in a build step: it behaves unpredictably and keeps a privilege path in the image',
          fix: 'run the step as root before switching USER, without sudo',
        })),
  },
  {
    id: 'KK-DF-013',
    severity: 'error',
    title: 'piping a download into a shell',
    check: ({ all }) =>
      all
        .filter((i) => kw('RUN')(i) && /\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da)?sh\b/.test(raw(i)))
        .map((at) => ({
          at,
          message: 'a script fetched over the network runs unverified',
          fix: 'download to a file, verify its checksum (sha256sum -c), then run it',
        })),
  },
  {
    id: 'KK-DF-014',
    severity: 'error',
    title: 'invalid EXPOSE',
    check: ({ all, vars }) =>
      all.filter(kw('EXPOSE')).flatMap((i) =>
        i.getArguments().flatMap((a) => {
          const [port, proto, extra] = substitute(a.getValue(), vars).split('/');
          const range = /^(\d+)(-(\d+))?$/.exec(port);
          const ok =
            range &&
            Number(range[1]) >= 1 &&
            Number(range[3] ?? range[1]) <= 65535 &&
            (proto === undefined || /^(tcp|udp|sctp)$/i.test(proto)) &&
            extra === undefined;
          if (ok) return [];
          const pos = a.getRange().start;
          return [
            {
              at: { line: pos.line + 1, col: pos.character + 1 },
              message: `EXPOSE ${a.getValue()} is not a port (1–65535) with an optional /tcp or /udp`,
              fix: 'write EXPOSE 8080 or EXPOSE 8080/tcp',
            },
          ];
        }),
      ),
  },
  {
    id: 'KK-DF-015',
    severity: 'warning',
    title: 'cd in RUN',
    check: ({ all }) =>
      all
        .filter((i) => kw('RUN')(i) && /(^|&&|;)\s*cd\s+\S+/.test(raw(i)))
        .map((at) => ({
          at,
          message: 'cd in RUN affects only that step and hides where later steps run',
          fix: 'use WORKDIR',
        })),
  },
  {
    id: 'KK-DF-016',
    severity: 'info',
    title: 'pip install keeps its cache',
    check: ({ all }) =>
      all
        .filter((i) => kw('RUN')(i) && /\bpip3?\s+install\b/.test(raw(i)) && !/--no-cache-dir/.test(raw(i)))
        .map((at) => ({
          at,
          message: 'pip keeps its download cache in the layer',
          fix: 'use pip install --no-cache-dir …',
        })),
  },
  {
    id: 'KK-DF-017',
    severity: 'info',
    title: 'npm install instead of npm ci',
    check: ({ all }) =>
      all
        .filter(
          (i) => kw('RUN')(i) && /\bnpm\s+(install|i)(\s|$)/.test(raw(i)) && !/npm\s+(install|i)\s+-g/.test(raw(i)),
        )
        .map((at) => ({
          at,
          message: 'npm install may change the lock file and install other versions than were tested',
          fix: 'copy package-lock.json and use npm ci',
        })),
  },
  {
    id: 'KK-DF-018',
    severity: 'error',
    title: 'COPY --from an unknown stage',
    check: ({ all, stages }) =>
      all.filter(kw('COPY')).flatMap((i) => {
        const from = (i as unknown as { getFromFlag(): { getValue(): string | null } | null })
          .getFromFlag?.()
          ?.getValue();
        if (!from) return [];
        const names = stages.map((s) => s.name).filter(Boolean);
        const index = /^\d+$/.test(from) && Number(from) < stages.length;
        const image = from.includes('/') || from.includes(':');
        return names.includes(from) || index || image
          ? []
          : [
              {
                at: i,
                message: `COPY --from=${from} names no stage defined above`,
                fix: `name a stage with FROM … AS ${from}, or fix the name`,
              },
            ];
      }),
  },
  {
    id: 'KK-DF-019',
    severity: 'warning',
    title: 'MAINTAINER is deprecated',
    check: ({ all }) =>
      all.filter(kw('MAINTAINER')).map((at) => ({
        at,
        message: 'MAINTAINER is deprecated',
        fix: 'use LABEL org.opencontainers.image.authors="…"',
      })),
  },
  {
    id: 'KK-DF-020',
    severity: 'error',
    title: 'unknown instruction',
    check: ({ all }) =>
      all
        .filter((i) => !KNOWN.has(i.getKeyword()))
        .map((at) => ({
          at,
          message: `unknown instruction ${at.getInstruction()}`,
          fix: `use one of ${[...KNOWN].join(', ')}`,
        })),
  },
];

export function lintDockerfile(text: string, _file = 'Dockerfile'): LintFinding[] {
  if (text.trim() === '')
    return [
      {
        rule: 'KK-DF-000',
        severity: 'error',
        message: 'the Dockerfile is empty',
        line: 1,
        col: 1,
        fix: 'start with FROM <image>:<tag>',
      },
    ];
  const df = DockerfileParser.parse(text);
  const all = df.getInstructions();
  const froms = df.getFROMs();
  if (froms.length === 0)
    return [
      {
        rule: 'KK-DF-000',
        severity: 'error',
        message: 'no FROM instruction: this is not a Dockerfile',
        line: 1,
        col: 1,
        fix: 'start with FROM <image>:<tag>',
      },
    ];
  const stages = froms.map((from, idx) => {
    const start = from.getRange().start.line;
    const end = froms[idx + 1]?.getRange().start.line ?? Infinity;
    return {
      from,
      name: from.getBuildStage() ?? undefined,
      body: all.filter((i) => i.getRange().start.line > start && i.getRange().start.line < end),
    };
  });
  const vars = new Map<string, string>();
  for (const i of all.filter((x) => kw('ARG')(x) || kw('ENV')(x))) {
    for (const a of i.getArguments()) {
      const [n, ...v] = a.getValue().split('=');
      if (v.length) vars.set(n, v.join('='));
    }
  }
  const ctx: Ctx = { all, stages, vars };
  const out: LintFinding[] = [];
  for (const rule of RULES) {
    for (const f of rule.check(ctx)) {
      const pos =
        'getRange' in f.at ? { line: f.at.getRange().start.line + 1, col: f.at.getRange().start.character + 1 } : f.at;
      out.push({ rule: rule.id, severity: rule.severity, message: f.message, fix: f.fix, ...pos });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule));
}
