import { z } from 'zod';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { appContextSchema, commonLabels, has, type AppContext } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { readTemplate } from '../../shared/templates.js';
import { defineTool } from '../../shared/tool.js';

function dashboardKind(app: AppContext): 'http' | 'grpc' | 'worker' | 'gpu-inference' {
  // The gRPC panels read the app's own scraped metrics; without them the sidecars' request metrics are all there is.
  if (app.appType === 'grpc' && !has(app, 'monitoring')) return 'http';
  return app.appType === 'static' ? 'http' : app.appType;
}

function dashboardJson(app: AppContext): string {
  return readTemplate(`dashboards/${dashboardKind(app)}.json`)
    .replaceAll('__APP__', app.name)
    .replaceAll('__NAMESPACE__', app.namespace);
}

export default defineTool({
  name: 'generate_grafana_dashboard',
  title: 'Generate a Grafana dashboard',
  description:
    'A Grafana dashboard chosen by app type (HTTP, gRPC, worker, GPU inference) as a ConfigMap labelled grafana_dashboard: "1" for the Grafana sidecar to load.',
  input: z.object({ app: appContextSchema, folder: z.string().default('Applications') }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, folder }) => {
    const json = dashboardJson(app);
    const cm = new ConfigMap({
      metadata: {
        name: `${app.name}-dashboard`,
        namespace: app.namespace,
        labels: { ...commonLabels(app), grafana_dashboard: '1' },
        annotations: { grafana_folder: folder },
      },
      data: { [`${app.name}.json`]: json },
    });
    cm.validate();
    const panels = (JSON.parse(json) as { panels: unknown[] }).panels.length;
    return output(
      [{ path: FILES.grafanaDashboard, objects: [cm.toJSON() as never] }],
      [
        `${dashboardKind(app)} dashboard with ${panels} panels${app.language !== 'unknown' ? ` for a ${app.language} app` : ''}`,
      ],
    );
  },
});
