// Reads the natural-language `requirements` for the signals the planner acts on.
// Deliberately small and explainable: each signal remembers the phrase it came from.
import type { Reason } from './types.js';
import type { DatabaseType, SecurityProfile } from '../vocabulary.js';

export interface RequirementSignals {
  highAvailability?: Reason;
  /** An uptime target in percent, e.g. 99.9. */
  uptime?: { percent: number; reason: Reason };
  /** Concurrent or daily users, requests per second. */
  load?: { concurrentUsers?: number; dailyUsers?: number; rps?: number; reason: Reason };
  compliance?: { profile: Exclude<SecurityProfile, 'standard'>; reason: Reason };
  gpu?: Reason;
  events?: { kind: string; reason: Reason };
  batch?: Reason;
  database?: { type: DatabaseType; reason: Reason };
  grpc?: Reason;
  /** Canary or blue-green releases: the only reason to run the app through Argo Rollouts. */
  progressive?: Reason;
}

function parseCount(raw: string, suffix?: string): number {
  const n = Number(raw.replace(/[,_\s]/g, ''));
  const mult = suffix ? (({ k: 1e3, m: 1e6 } as Record<string, number>)[suffix.toLowerCase()] ?? 1) : 1;
  return n * mult;
}

const DB_WORDS: [RegExp, DatabaseType][] = [
  [/\bpostgre(s|sql)\b/i, 'postgresql'],
  [/\b(mysql|mariadb)\b/i, 'mysql'],
  [/\bmongo(db)?\b/i, 'mongodb'],
];

const EVENT_WORDS: [RegExp, string][] = [
  [/\bkafka\b/i, 'kafka'],
  [/\brabbit\s?mq\b|\bamqp\b/i, 'rabbitmq'],
  [/\bsqs\b/i, 'aws-sqs-queue'],
  [/\bnats\b/i, 'nats-jetstream'],
  [/\bpub\/?sub\b/i, 'gcp-pubsub'],
  [/\b(queue|queues|event[- ]driven|events|message[s]?|consumer|worker)\b/i, 'queue'],
];

export function readRequirements(requirements: readonly string[]): RequirementSignals {
  const s: RequirementSignals = {};
  requirements.forEach((text, i) => {
    const reason = (what: string): Reason => ({
      text: `${what} ← requirements[${i}] "${text}"`,
      source: 'requirement',
      ref: `requirements[${i}]`,
    });
    if (/\bhigh[- ]availab|\bHA\b|\bfault[- ]toleran|\bredundan/i.test(text))
      s.highAvailability ??= reason('high availability');
    const up = /(\d{2}(?:\.\d+)?)\s*%\s*(uptime|availability|sla)?/i.exec(text);
    if (up && (up[2] || /uptime|availab|sla/i.test(text))) {
      const percent = Number(up[1]);
      if (percent >= 90 && percent < 100) s.uptime ??= { percent, reason: reason(`${percent}% uptime`) };
    }
    const conc = /([\d][\d,_]*)\s*(k|m)?\s*(concurrent|simultaneous)/i.exec(text);
    const daily = /([\d][\d,_]*)\s*(k|m)?\s*(daily|monthly|active)?\s*users/i.exec(text);
    const rps = /([\d][\d,_]*)\s*(k)?\s*(rps|requests?\s*(per|\/)\s*s(ec(ond)?)?)/i.exec(text);
    if (conc || daily || rps || /\b(high|heavy)\s+(load|traffic)\b/i.test(text)) {
      const load = s.load ?? { reason: reason('load figures') };
      if (conc) load.concurrentUsers = parseCount(conc[1], conc[2]);
      else if (daily) load.dailyUsers = parseCount(daily[1], daily[2]);
      if (rps) load.rps = parseCount(rps[1], rps[2]);
      s.load = load;
    }
    if (/\bPCI\b/i.test(text)) s.compliance ??= { profile: 'pci', reason: reason('PCI DSS compliance') };
    else if (/\bHIPAA\b/i.test(text)) s.compliance ??= { profile: 'hipaa', reason: reason('HIPAA compliance') };
    else if (/\bFIPS\b/i.test(text)) s.compliance ??= { profile: 'fips', reason: reason('FIPS 140 compliance') };
    if (/\b(GPU|CUDA|accelerat)/i.test(text)) s.gpu ??= reason('GPU');
    if (/\bbatch\b/i.test(text)) s.batch ??= reason('batch processing');
    if (/\bgRPC\b/i.test(text)) s.grpc ??= reason('gRPC');
    if (/\bcanar(y|ies)\b|\bprogressive (delivery|rollouts?|releases?)\b|\bblue[- ]?green\b/i.test(text))
      s.progressive ??= reason('progressive delivery through Argo Rollouts');
    for (const [re, type] of DB_WORDS) if (re.test(text)) s.database ??= { type, reason: reason(`${type} database`) };
    if (/\bredis\b/i.test(text) && !/\bcache\b/i.test(text)) s.database ??= { type: 'redis', reason: reason('redis') };
    for (const [re, kind] of EVENT_WORDS) {
      if (re.test(text)) {
        s.events ??= { kind, reason: reason(`event-driven work (${kind})`) };
        break;
      }
    }
  });
  return s;
}
