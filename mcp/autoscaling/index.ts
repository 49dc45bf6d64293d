// autoscaling: horizontal, vertical, event-driven and cluster-level scaling.
import type { ServerDefinition } from '../shared/definition.js';
import generateHpa from './tools/generate-hpa.js';
import generateVpa from './tools/generate-vpa.js';
import generateKedaScaler from './tools/generate-keda-scaler.js';
import configureClusterAutoscaler from './tools/configure-cluster-autoscaler.js';
import analyzeScalingMetrics from './tools/analyze-scaling-metrics.js';
import scalingPatterns from './resources/scaling-patterns.js';
import metricsCatalog from './resources/metrics-catalog.js';

export const definition: ServerDefinition = {
  name: 'autoscaling',
  title: 'Autoscaling',
  instructions:
    'generate_hpa (with the disruption budget) or generate_keda_scaler for event-driven apps, never both; generate_vpa in recommendation mode beside them; analyze_scaling_metrics to choose the numbers.',
  tools: [generateHpa, generateVpa, generateKedaScaler, configureClusterAutoscaler, analyzeScalingMetrics],
  resources: [scalingPatterns, metricsCatalog],
};
