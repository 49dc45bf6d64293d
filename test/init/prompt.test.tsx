// The terminal flow of init: the questions start at the detected values (Enter accepts),
// answers are checked before moving on, and edits land in the config with their source.
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { applyAnswers, checkAnswer, InitPrompt, questionsFor } from '../../src/init/prompt.js';
import { draftObject, newDraft, renderDraft, setField, type Draft } from '../../src/init/draft.js';

function detected(): Draft {
  const d = newDraft('api', { value: 'api', source: 'compose: services.api' });
  setField(d, ['metadata', 'namespace'], 'shop', 'compose: name "shop"');
  setField(d, ['spec', 'image'], 'ghcr.io/example/api:1', 'compose: image');
  setField(d, ['spec', 'ports', 0], { port: 3000, protocol: 'HTTP' }, 'EXPOSE 3000 (Dockerfile:14)');
  setField(d, ['spec', 'ports', 0, 'healthCheck'], '/healthz', 'HEALTHCHECK (Dockerfile:15)');
  return d;
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('init prompt', () => {
  it('asks name, namespace, ports and health path, each starting at the detected value', () => {
    expect(questionsFor([detected()]).map((q) => [q.key, q.value])).toEqual([
      ['name', 'api'],
      ['namespace', 'shop'],
      ['ports', '3000'],
      ['health', '/healthz'],
    ]);
  });

  it('Enter on every question keeps the draft as detected', () => {
    const d = detected();
    const qs = questionsFor([d]);
    const [out] = applyAnswers(
      [d],
      qs,
      qs.map((q) => q.value),
    );
    expect(renderDraft(out, [])).toBe(renderDraft(d, []));
  });

  it('edited answers replace the values, marked as entered; new ports keep the health path', () => {
    const d = detected();
    const qs = questionsFor([d]);
    const [out] = applyAnswers([d], qs, ['api', '', '8080, 9000/udp', '/healthz']);
    expect(draftObject(out)).toMatchObject({
      metadata: { name: 'api' },
      spec: {
        ports: [
          { port: 8080, protocol: 'HTTP', healthCheck: '/healthz' },
          { port: 9000, protocol: 'UDP' },
        ],
      },
    });
    expect((draftObject(out).metadata as Record<string, unknown>).namespace).toBeUndefined();
    expect(renderDraft(out, [])).toContain('- port: 8080 # entered at the init prompt');
  });

  it('refuses a bad answer and stays on the question', () => {
    const [name, , ports, health] = questionsFor([detected()]);
    expect(checkAnswer(name, 'Not_A_Label')).toMatch(/DNS-1123/);
    expect(checkAnswer(ports, '3000, 70000')).toMatch(/not a port/);
    expect(checkAnswer(health, 'healthz')).toMatch(/starts with "\/"/);
    expect(checkAnswer(health, '')).toBeUndefined();
  });

  it('the Ink component: Enter accepts, typing edits, an invalid answer shows why, Esc cancels', async () => {
    const d = detected();
    const qs = questionsFor([d]);
    let result: string[] | undefined | 'pending' = 'pending';
    const ui = render(<InitPrompt drafts={[d]} questions={qs} onDone={(a) => (result = a)} />);
    await tick();
    expect(ui.lastFrame()).toContain('› name: api');
    ui.stdin.write('\r');
    await tick();
    expect(ui.lastFrame()).toContain('› namespace (empty: the name): shop');
    for (let i = 0; i < 4; i++) ui.stdin.write('\x7f');
    for (const ch of 'Bad!') ui.stdin.write(ch);
    ui.stdin.write('\r');
    await tick();
    expect(ui.lastFrame()).toContain('DNS-1123');
    for (let i = 0; i < 4; i++) ui.stdin.write('\x7f');
    ui.stdin.write('store\r');
    await tick();
    ui.stdin.write('\r');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(result).toEqual(['api', 'store', '3000', '/healthz']);
    ui.unmount();

    let cancelled: string[] | undefined | 'pending' = 'pending';
    const ui2 = render(<InitPrompt drafts={[d]} questions={qs} onDone={(a) => (cancelled = a)} />);
    await tick();
    ui2.stdin.write('\u001b');
    await tick(100);
    expect(cancelled).toBeUndefined();
    ui2.unmount();
  });
});
