// Production-readiness rules of the kube-score / Polaris kind over a whole manifest set:
// the hardening of each pod, how many of them run and what protects them, and the
// references between objects that must resolve, and no credential in a ConfigMap. Each
// finding names its object and file.
import type { Finding } from '../result.js';
import { availability } from './availability.js';
import { configSecrets } from './config-secrets.js';
import { manifestSet, ref, type Entry, type Rule } from './manifest-set.js';
import { podHardening } from './pod-hardening.js';
import { references } from './references.js';

export type { Entry } from './manifest-set.js';

const RULES: Rule[] = [podHardening, availability, references, configSecrets];

export function readinessFindings(entries: Entry[]): Finding[] {
  const set = manifestSet(entries);
  const findings: Finding[] = [];
  for (const rule of RULES)
    rule(set, (subject, f) =>
      findings.push({ ...f, subject: ref(subject.obj), ...(subject.file ? { file: subject.file } : {}) }),
    );
  return findings;
}
