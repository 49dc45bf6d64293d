// Replica bounds: the numbers the user wrote win. Requirements (high availability, an
// uptime target) fill in a floor only where the config leaves minReplicas out; where the
// config says otherwise they become a suggestion the user may accept, never an override.
import type { AppDeployment } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import type { RequirementSignals } from './requirements.js';
import type { Reason, Suggestion } from './types.js';

interface PlannedReplicas {
  min: number;
  max: number;
  reason: Reason;
  suggestions: Suggestion[];
  warnings: string[];
}

/** What the requirements ask of the floor, if anything. */
function wanted(signals: RequirementSignals): { min: number; why: Reason; usually: string } | undefined {
  const ha =
    signals.highAvailability ?? (signals.uptime && signals.uptime.percent >= 99.9 ? signals.uptime.reason : undefined);
  if (ha) return { min: 3, why: ha, usually: 'HA usually wants 3 replicas across zones' };
  if (signals.uptime)
    return {
      min: 2,
      why: signals.uptime.reason,
      usually: `${signals.uptime.percent}% uptime usually wants 2 replicas, so one can restart while the other serves`,
    };
  return undefined;
}

const EVENT_DEPENDENCIES: Record<string, string> = {
  rabbitmq: 'rabbitmq',
  kafka: 'kafka',
  nats: 'nats-jetstream',
  sqs: 'aws-sqs-queue',
};

/** The queue or event source KEDA would scale on: named in the requirements or a client library in the image. */
export function eventSource(signals: RequirementSignals, facts: DockerfileFacts | undefined) {
  const dependency = facts?.dependencies.find((d) => d.kind in EVENT_DEPENDENCIES);
  const kind = signals.events?.kind ?? (dependency ? EVENT_DEPENDENCIES[dependency.kind] : undefined);
  return { kind, dependency };
}

/** True when a KEDA ScaledObject, not an HPA, will own the scale: only KEDA can scale to zero. */
export function scaledByKeda(config: AppDeployment, eventsKind: string | undefined, disabled: readonly string[]) {
  return config.spec.components.autoscaling.enabled && eventsKind !== undefined && !disabled.includes('keda');
}

/** Why minReplicas 0 cannot be honoured, or undefined when it can (or is not asked for). */
export function scaleToZeroProblem(config: AppDeployment, keda: boolean): string | undefined {
  if (config.spec.scaling.minReplicas !== 0 || keda) return undefined;
  return config.spec.components.autoscaling.enabled
    ? 'minReplicas 0 needs an event-driven worker scaled by KEDA (a queue or event source in the requirements or the Dockerfile); a HorizontalPodAutoscaler cannot scale to zero — set minReplicas to 1 or more, or name the queue the app consumes in spec.requirements'
    : 'minReplicas 0 with autoscaling disabled would run no pods at all — set minReplicas to 1 or more';
}

export function planReplicas(config: AppDeployment, signals: RequirementSignals, keda: boolean): PlannedReplicas {
  const scaling = config.spec.scaling;
  const max = scaling.maxReplicas;
  const want = wanted(signals);
  const suggestions: Suggestion[] = [];
  const warnings: string[] = [];
  const written = scaling.minReplicas;
  if (written === undefined) {
    // Nothing written: the requirements choose the floor, within the maximum the config allows.
    if (!want)
      return { min: 1, max, reason: { text: 'minReplicas 1 (default)', source: 'default' }, suggestions, warnings };
    const min = Math.min(want.min, max);
    warnings.push(
      `minReplicas raised from 1 to ${min} (spec.scaling.minReplicas is not set): ${want.why.text}${min < want.min ? `; maxReplicas ${max} caps it` : ''}`,
    );
    return {
      min,
      max,
      reason: { ...want.why, text: `${min} replicas across zones ← ${want.why.text}` },
      suggestions,
      warnings,
    };
  }
  let min = written;
  const reason: Reason = { text: `minReplicas ${written}`, source: 'config', ref: 'spec.scaling.minReplicas' };
  if (written === 0 && scaleToZeroProblem(config, keda)) {
    // The CLI refuses this config before planning; a chat change or --disable-component keda can still get here.
    min = 1;
    warnings.push(`minReplicas 0 cannot be honoured without KEDA (an HPA cannot scale to zero); 1 is used`);
  }
  if (want && min < want.min)
    suggestions.push({
      text: `${want.usually} (${want.why.text}); spec.scaling.minReplicas ${written} is kept`,
      reason: want.why,
      minReplicas: want.min,
      maxReplicas: Math.max(max, want.min),
    });
  return { min, max: Math.max(max, min), reason, suggestions, warnings };
}
