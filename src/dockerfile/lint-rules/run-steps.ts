// Rules about RUN steps: package installs that bloat layers, privilege and download risks.
import { kw, raw, type Rule } from './rule.js';

export const RUN_RULES: Rule[] = [
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
];
