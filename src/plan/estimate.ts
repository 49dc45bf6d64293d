// Resource estimation when the config gives none: a baseline by runtime, adjusted
// for framework, build style, GPU inference and the load the requirements describe.
// Requests are what the scheduler reserves; memory limits equal requests times a
// headroom factor; CPU limits are left off by default because they throttle
// latency-sensitive services (they are set only when the caller asks).
export interface EstimateInput {
  language?: string;
  framework?: string;
  appType?: 'http' | 'grpc' | 'worker' | 'gpu-inference' | 'static';
  multiStage?: boolean;
  gpu?: number;
  requirements?: string[];
}

export interface ResourceEstimate {
  cpu: string;
  memory: string;
  cpuLimit?: string;
  memoryLimit: string;
  gpu: number;
  reasons: string[];
}

/** Baselines in millicores and MiB for a typical service on each runtime. */
const BASE: Record<string, { cpu: number; mem: number; why: string }> = {
  java: { cpu: 500, mem: 768, why: 'JVM heap and JIT warm-up' },
  dotnet: { cpu: 250, mem: 384, why: '.NET runtime' },
  node: { cpu: 200, mem: 256, why: 'Node.js single-threaded event loop' },
  python: { cpu: 250, mem: 256, why: 'Python interpreter and workers' },
  ruby: { cpu: 250, mem: 384, why: 'Ruby processes' },
  php: { cpu: 200, mem: 256, why: 'PHP-FPM workers' },
  go: { cpu: 100, mem: 128, why: 'Go static binary' },
  rust: { cpu: 100, mem: 64, why: 'Rust static binary' },
  static: { cpu: 50, mem: 64, why: 'static files behind NGINX' },
  unknown: { cpu: 250, mem: 256, why: 'unknown runtime, a conservative middle' },
};

const FRAMEWORK_MEMORY: [RegExp, number, string][] = [
  [/spring/i, 256, 'Spring Boot context'],
  [/next\.js/i, 128, 'Next.js server rendering'],
  [/django/i, 64, 'Django'],
  [/tensorflow|pytorch/i, 1024, 'ML framework in memory'],
];

function cpuString(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

function memString(mi: number): string {
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

function concurrency(requirements: readonly string[]): number | undefined {
  for (const r of requirements) {
    const m = /([\d][\d,_]*)\s*(k)?\s*(concurrent|simultaneous)/i.exec(r);
    if (m) return Number(m[1].replace(/[,_]/g, '')) * (m[2] ? 1000 : 1);
  }
  return undefined;
}

export function estimateResources(input: EstimateInput): ResourceEstimate {
  const lang = input.language && BASE[input.language] ? input.language : 'unknown';
  const base = BASE[lang];
  let cpu = base.cpu;
  let mem = base.mem;
  const reasons = [`${cpuString(cpu)} CPU / ${memString(mem)} for ${base.why}`];
  for (const [re, extra, why] of FRAMEWORK_MEMORY) {
    if (input.framework && re.test(input.framework)) {
      mem += extra;
      reasons.push(`+${extra}Mi for ${why}`);
    }
  }
  if (input.multiStage && lang !== 'static') {
    // A multi-stage build ships only the runtime, not compilers and caches.
    mem = Math.max(64, Math.round((mem * 0.85) / 32) * 32);
    reasons.push('−15% memory: multi-stage build ships only the runtime');
  }
  const gpu = input.gpu ?? 0;
  if (input.appType === 'gpu-inference' || gpu > 0) {
    cpu = Math.max(cpu, 2000);
    mem = Math.max(mem, 8192);
    reasons.push('GPU inference: at least 2 CPU and 8Gi to feed the accelerator and hold the model');
  } else if (input.appType === 'worker') {
    reasons.push('worker: sized per consumer, scaled by queue length');
  }
  const users = concurrency(input.requirements ?? []);
  if (users && input.appType !== 'gpu-inference') {
    // Roughly 1 CPU per 1,000 concurrent users across the fleet, spread over the minimum replicas.
    const extra = Math.min(1000, Math.round(users / 4 / 50) * 50);
    if (extra > 0) {
      cpu += extra;
      reasons.push(`+${cpuString(extra)} CPU for ${users} concurrent users`);
    }
  }
  const memoryLimit = memString(Math.round((mem * 1.5) / 32) * 32);
  return { cpu: cpuString(cpu), memory: memString(mem), memoryLimit, gpu, reasons };
}
