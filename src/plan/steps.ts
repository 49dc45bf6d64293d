// Turns the chosen components into MCP tool calls, in the order a platform engineer
// would review them: workload first, then security, networking, mesh, scaling,
// observability, data, delivery and cost, and finally validation of the whole set.
import type { AppContext, ComponentId } from './app-context.js';
import { registry as builtin, type ComponentRegistry } from './registry.js';
import type { PlanStep, PlannedComponent } from './types.js';

/** The validation step's arguments are the workspace at the time it runs. */
export const VALIDATE_STEP_ID = 'validate';

/** Each enabled component's steps, in the registry's review order, then validation. */
export function planSteps(
  app: AppContext,
  components: PlannedComponent[],
  reg: ComponentRegistry = builtin,
): PlanStep[] {
  const byId = new Map<string, PlannedComponent>(components.map((c) => [c.id, c]));
  const steps: PlanStep[] = [];
  for (const { component: id, step: s } of reg.steps()) {
    const component = byId.get(id);
    if (!component?.enabled) continue;
    if (s.when && !s.when(app)) continue;
    steps.push({
      id: s.id,
      component: id as ComponentId,
      server: s.server,
      tool: s.tool,
      args: { app },
      reasons: component.reasons,
    });
  }
  steps.push({
    id: VALIDATE_STEP_ID,
    component: 'validation',
    server: 'k8s-manifest-generator',
    tool: 'validate_manifests',
    args: {},
    reasons: [
      {
        text: 'every object is checked against its schema and production-readiness rules before anything is written',
        source: 'default',
      },
    ],
  });
  return steps;
}
