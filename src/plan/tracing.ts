// OpenTelemetry auto-instrumentation: the operator injects an agent only into pods that
// ask for it by annotation, so the Instrumentation and the annotation are made together.
import { has, type AppContext } from './app-context.js';

// Go is left out: its auto-instrumentation is a privileged eBPF sidecar, which Pod Security "restricted" refuses.
const INJECTED: Record<string, string> = { node: 'nodejs', python: 'python', java: 'java', dotnet: 'dotnet' };

/** The operator's name for the app's language when its pods get an injected agent. */
export function autoInstrumentation(app: AppContext): string | undefined {
  return has(app, 'tracing') && app.monitoring?.traces ? INJECTED[app.language] : undefined;
}

/** The pod template annotation that opts the app's pods into that agent. */
export function injectAnnotation(app: AppContext): Record<string, string> {
  const lang = autoInstrumentation(app);
  return lang ? { [`instrumentation.opentelemetry.io/inject-${lang}`]: 'true' } : {};
}
