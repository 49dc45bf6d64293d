// cost-optimization: estimates, recommendations, quotas and cost alerts.
import type { ServerDefinition } from '../shared/definition.js';
import analyzeCosts from './tools/analyze-costs.js';
import recommendOptimizations from './tools/recommend-optimizations.js';
import configureResourceQuotas from './tools/configure-resource-quotas.js';
import setupCostMonitoring from './tools/setup-cost-monitoring.js';
import costModels from './resources/cost-models.js';
import optimizationStrategies from './resources/optimization-strategies.js';

export const definition: ServerDefinition = {
  name: 'cost-optimization',
  title: 'Cost optimization',
  instructions:
    'analyze_costs and recommend_optimizations to reason about money; configure_resource_quotas and setup_cost_monitoring to bound and watch it.',
  tools: [analyzeCosts, recommendOptimizations, configureResourceQuotas, setupCostMonitoring],
  resources: [costModels, optimizationStrategies],
};
