import { z } from 'zod';
import { appContextSchema, autoscaled, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { scaleTarget } from '../target.js';

export default defineTool({
  name: 'generate_vpa',
  title: 'Generate a VerticalPodAutoscaler',
  description:
    'A VerticalPodAutoscaler that never fights the HPA: recommendation-only (updateMode Off) when an HPA or KEDA scales on CPU or memory, otherwise it may apply memory only.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const horizontal = autoscaled(app);
    const updateMode = horizontal ? 'Off' : 'Initial';
    const vpa = {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: app.name, namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        targetRef: scaleTarget(app),
        updatePolicy: { updateMode },
        resourcePolicy: {
          containerPolicies: [
            {
              containerName: app.name,
              controlledResources: horizontal ? ['cpu', 'memory'] : ['memory'],
              minAllowed: { memory: '64Mi' },
              maxAllowed: { memory: '16Gi' },
            },
          ],
        },
      },
    };
    return output(
      [{ path: FILES.vpa, objects: [vpa as never] }],
      [
        horizontal
          ? 'updateMode Off: recommendations only, because the horizontal autoscaler already scales on CPU/memory'
          : 'updateMode Initial on memory only: sizes new pods without evicting running ones',
      ],
    );
  },
});
