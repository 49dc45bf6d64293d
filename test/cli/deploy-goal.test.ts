// deploy's flags are read once: the output mode, the approval policy, the recorded goal.
import { describe, expect, it } from 'vitest';
import { deployGoal, deployPolicy } from '../../src/cli/deploy-goal.js';

describe('deployPolicy', () => {
  it('lets --yes win in the terminal UI too', () => {
    expect(deployPolicy({ interactive: true, yes: true })).toBe('yes');
    expect(deployPolicy({ interactive: true, yes: true, approval: 'ask' })).toBe('yes');
  });

  it('asks in the terminal UI and lets read-only calls through in a plain run, unless told otherwise', () => {
    expect(deployPolicy({ interactive: true })).toBe('ask');
    expect(deployPolicy({ interactive: true, approval: 'suggest' })).toBe('suggest');
    expect(deployPolicy({ generateOnly: true })).toBe('auto-read');
    expect(deployPolicy({ generateOnly: true, approval: 'ask' })).toBe('ask');
  });

  it('passes --diff (a server-side dry run) without asking, outside the terminal UI', () => {
    expect(deployPolicy({ diff: true })).toBe('yes');
    expect(deployPolicy({ diff: true, generateOnly: true })).toBe('auto-read');
    expect(deployPolicy({ diff: true, interactive: true })).toBe('ask');
  });

  it('keeps a resumed session its own policy unless one is given', () => {
    expect(deployPolicy({ resume: 'latest' })).toBeUndefined();
    expect(deployPolicy({ continue: true, interactive: true })).toBeUndefined();
    expect(deployPolicy({ resume: 'x', approval: 'ask' })).toBe('ask');
    expect(deployPolicy({ resume: 'x', yes: true })).toBe('yes');
  });
});

describe('deployGoal', () => {
  it('records the apply options and the cluster only as the domain names them', () => {
    const goal = deployGoal({ diff: true, kubeconfig: 'kc', context: 'c', namespace: 'n', prune: true }, ['hpa']);
    expect(goal).toEqual({
      disabledComponents: ['hpa'],
      overrides: { cpu: undefined, memory: undefined, image: undefined },
      output: { mode: 'apply', dir: undefined },
      apply: { diffOnly: true, forceConflicts: false, prune: true },
      kube: { kubeconfig: 'kc', context: 'c', namespace: 'n' },
    });
    expect(deployGoal({ generateOnly: true }, []).output).toEqual({ mode: 'generate', dir: './k8s' });
    expect(deployGoal({ planOnly: true, generateOnly: true }, []).apply).toBeUndefined();
  });
});
