// Makes the bundled CLI executable so `npx kaptain-kube` and a global install can run it.
import { chmodSync, existsSync } from 'node:fs';

const entry = new URL('../dist/bin/kaptain-kube.mjs', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
