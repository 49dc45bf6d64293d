import { z } from 'zod';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { appContextSchema, commonLabels, type AppContext } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { scaleTarget } from '../target.js';

function trigger(app: AppContext, kind: string, queue: string, authRef: string | undefined) {
  const auth = authRef ? { authenticationRef: { name: authRef } } : {};
  switch (kind) {
    case 'rabbitmq':
    case 'queue':
      return { type: 'rabbitmq', metadata: { queueName: queue, mode: 'QueueLength', value: '20' }, ...auth };
    case 'kafka':
      return {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka-bootstrap.kafka.svc:9092',
          consumerGroup: app.name,
          topic: queue,
          lagThreshold: '100',
        },
        ...auth,
      };
    case 'nats-jetstream':
      return {
        type: 'nats-jetstream',
        metadata: {
          natsServerMonitoringEndpoint: 'nats.nats.svc:8222',
          stream: queue,
          consumer: app.name,
          lagThreshold: '20',
        },
      };
    case 'aws-sqs-queue':
      return {
        type: 'aws-sqs-queue',
        metadata: { queueURL: queue, queueLength: '20', awsRegion: 'us-east-1' },
        ...auth,
      };
    case 'batch':
      return {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://prometheus-operated.monitoring.svc:9090',
          query: `sum(rate(:tensorflow:serving:request_count{namespace="${app.namespace}",job="${app.name}"}[2m]))`,
          threshold: '50',
        },
      };
    default:
      throw new ToolError(`no KEDA trigger for event source "${kind}"`);
  }
}

export default defineTool({
  name: 'generate_keda_scaler',
  title: 'Generate a KEDA ScaledObject',
  description:
    'Event-driven scaling with KEDA for queue workers and batch: a ScaledObject on the workload with a trigger for the event source (RabbitMQ, Kafka, NATS, SQS, Prometheus), credentials referenced through a TriggerAuthentication, never inline.',
  input: z.object({ app: appContextSchema, queue: z.string().optional(), credentialsSecret: z.string().optional() }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, queue, credentialsSecret }) => {
    const kind = app.events?.kind ?? 'queue';
    const secret = credentialsSecret ?? app.secretsRequired.find((s) => /amqp|rabbit|kafka|queue|sqs/.test(s));
    const meta = { namespace: app.namespace, labels: commonLabels(app) };
    const objects: Record<string, unknown>[] = [];
    let authRef: string | undefined;
    if (secret && kind !== 'batch' && kind !== 'nats-jetstream') {
      authRef = `${app.name}-trigger-auth`;
      const key = kind === 'kafka' ? 'sasl' : kind === 'aws-sqs-queue' ? 'awsAccessKeyID' : 'host';
      objects.push({
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'TriggerAuthentication',
        metadata: { name: authRef, ...meta },
        spec: { secretTargetRef: [{ parameter: key, name: secret, key }] },
      });
    }
    const so = new ScaledObject({
      metadata: { name: app.name, ...meta },
      spec: {
        scaleTargetRef: scaleTarget(app),
        // The user's floor: 0 only when spec.scaling.minReplicas says so.
        minReplicaCount: app.scaling.minReplicas,
        maxReplicaCount: app.scaling.maxReplicas,
        pollingInterval: 15,
        cooldownPeriod: 120,
        triggers: [
          trigger(
            app,
            kind,
            queue ?? (kind === 'aws-sqs-queue' ? 'https://sqs.us-east-1.amazonaws.com/000000000000/orders' : 'orders'),
            authRef,
          ) as never,
        ],
      },
    });
    so.validate();
    objects.push(so.toJSON() as Record<string, unknown>);
    return output(
      [{ path: FILES.hpa, objects: objects as never }],
      [
        `KEDA ${kind} trigger ← ${app.events?.evidence ?? 'event-driven workload'}`,
        app.scaling.minReplicas === 0
          ? 'scales to zero when the queue is empty'
          : `never below ${app.scaling.minReplicas} replica(s)`,
        ...(authRef ? [`credentials from Secret ${secret} through ${authRef}`] : []),
      ],
    );
  },
});
