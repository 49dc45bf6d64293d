// Rules about how single instructions are written: forms, values, names and keywords.
import { substitute } from '../instruction-args.js';
import { kw, raw, type Rule } from './rule.js';

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

export const INSTRUCTION_RULES: Rule[] = [
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
