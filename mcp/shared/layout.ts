// The output tree's file names live with the component registry (src/plan/layout.ts);
// tools import them from here.
export { FILES } from '../../src/plan/layout.js';
