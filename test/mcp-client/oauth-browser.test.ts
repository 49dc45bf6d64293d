// The person's side of a browser sign-in: the loopback redirect takes only the code that
// carries the sign-in's state, and BROWSER=none opens nothing (the URL is printed instead).
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackRedirect, openBrowser } from '../../src/mcp-client/oauth-browser.js';

const open: LoopbackRedirect[] = [];
afterEach(() => open.splice(0).forEach((l) => l.close()));

describe('the loopback redirect', () => {
  it('listens on 127.0.0.1 and hands over the code that comes back with the right state', async () => {
    const loop = new LoopbackRedirect();
    open.push(loop);
    const uri = await loop.listen(0);
    expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const code = loop.code('state-abc', 60_000);
    const page = await fetch(`${uri}?code=the-code&state=state-abc`);
    expect(page.status).toBe(200);
    await expect(code).resolves.toBe('the-code');
  });

  it('refuses a redirect with another state and keeps waiting for the right one', async () => {
    const loop = new LoopbackRedirect();
    open.push(loop);
    const uri = await loop.listen(0);
    const code = loop.code('state-abc', 60_000);
    expect((await fetch(`${uri}?code=forged&state=state-other`)).status).toBe(400);
    expect((await fetch(`${uri}?code=forged`)).status).toBe(400);
    await fetch(`${uri}?code=real&state=state-abc`);
    await expect(code).resolves.toBe('real');
  });

  it('an error from the authorization server ends the wait with its description', async () => {
    const loop = new LoopbackRedirect();
    open.push(loop);
    const uri = await loop.listen(0);
    const refused = expect(loop.code('s1', 60_000)).rejects.toThrow(/authorization was refused: user said no/);
    await fetch(`${uri}?error=access_denied&error_description=user%20said%20no&state=s1`);
    await refused;
  });
});

describe('opening the browser', () => {
  it('BROWSER=none opens nothing', () => {
    expect(openBrowser('https://auth.example/authorize?x=1', { BROWSER: 'none' })).toBe(false);
  });
});
