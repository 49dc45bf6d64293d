// Monthly cost arithmetic over the dated cost models in templates/cost-models.json.
import type { AppContext } from '../../src/plan/app-context.js';
import { readTemplateJson } from '../shared/templates.js';

export interface CloudPrices {
  region: string;
  basis: string;
  vcpuHour: number;
  gibHour: number;
  gpuHour: number;
  storageGibMonth: number;
  loadBalancerHour: number;
}
export interface CostModels {
  priced: string;
  hoursPerMonth: number;
  clouds: Record<string, CloudPrices>;
  discounts: Record<string, number>;
}

export const models = () => readTemplateJson<CostModels>('cost-models.json');

export function cores(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

export function gib(q: string): number {
  const m = /^([\d.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) return 0;
  const unit = m[2] ?? '';
  const f: Record<string, number> = {
    Ki: 1 / 1048576,
    Mi: 1 / 1024,
    Gi: 1,
    Ti: 1024,
    k: 1e3 / 2 ** 30,
    M: 1e6 / 2 ** 30,
    G: 1e9 / 2 ** 30,
    T: 1e12 / 2 ** 30,
    '': 1 / 2 ** 30,
  };
  return Number(m[1]) * f[unit];
}

export const round = (n: number) => Math.round(n * 100) / 100;

export function monthly(app: AppContext, p: CloudPrices, hours: number, replicas: number) {
  const compute = replicas * hours * (cores(app.resources.cpu) * p.vcpuHour + gib(app.resources.memory) * p.gibHour);
  const gpu = replicas * hours * app.resources.gpu * p.gpuHour;
  const dbStorage = app.database ? gib(app.database.size) * app.database.instances * p.storageGibMonth : 0;
  const dbCompute = app.database ? app.database.instances * hours * (0.25 * p.vcpuHour + 0.5 * p.gibHour) : 0;
  const lb =
    app.ingress || app.ports.some((x) => x.protocol === 'TCP' || x.protocol === 'UDP') ? hours * p.loadBalancerHour : 0;
  return {
    compute: round(compute),
    gpu: round(gpu),
    database: round(dbStorage + dbCompute),
    loadBalancer: round(lb),
    total: round(compute + gpu + dbStorage + dbCompute + lb),
  };
}
