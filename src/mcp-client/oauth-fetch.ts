// The fetch an OAuth-protected server's transport uses. It sends the stored access token,
// renews it when it has expired, and answers a 401 (or a 403 insufficient_scope step-up)
// by authorizing through the SDK's `auth()` and sending the same request again. Unlike the
// transports' own authProvider handling, a browser sign-in is waited for here, so a sign-in
// or a step-up in the middle of a call delays that call instead of failing it.
import { auth, extractWWWAuthenticateParams, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Redactor } from '../sessions/redact.js';
import type { McpOAuthProvider } from './oauth-provider.js';

/** Sign-ins for one identical challenge without a success in between (the spec asks clients to stop looping). */
const MAX_ATTEMPTS_PER_CHALLENGE = 2;
/** Sign-ins for one request whatever the challenges say (a refresh, a new sign-in, a step-up), so a server cannot loop it. */
const MAX_SIGN_INS_PER_REQUEST = 3;

export function oauthFetch(provider: McpOAuthProvider, serverUrl: URL, base: typeof fetch): typeof fetch {
  let running: Promise<void> | undefined;
  const challenges = new Map<string, number>();

  // One authorization at a time: requests that meet a 401 together share one sign-in.
  const authorize = (opts: { resourceMetadataUrl?: URL; scope?: string }): Promise<void> => {
    running ??= (async () => {
      try {
        await provider.prepare();
        const common = { serverUrl, ...opts, fetchFn: base };
        let result = await auth(provider, common);
        if (result === 'REDIRECT')
          result = await auth(provider, { ...common, authorizationCode: await provider.authorizationCode() });
        if (result !== 'AUTHORIZED') throw new UnauthorizedError('authorization did not complete');
      } catch (err) {
        const e = err as Error;
        // First line only: the SDK appends whole validation reports to some messages.
        const why = e.message
          ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message.split('\n')[0].replace(/:\s*[[{]?\s*$/, '')}`
          : e.name;
        throw new UnauthorizedError(
          `OAuth sign-in failed (${new Redactor().text(why)}); a server that takes a fixed token or key needs it in its mcp.yaml entry (auth)`,
        );
      } finally {
        provider.finish();
        running = undefined;
      }
    })();
    return running;
  };

  return async (input, init) => {
    // The token is for this server alone: a request anywhere else goes as it is, without it.
    if (new URL(input instanceof Request ? input.url : input).origin !== serverUrl.origin) return base(input, init);
    // An expired token is renewed first (refresh token or client credentials); a failure leaves it to the 401 below.
    const t = provider.tokens();
    if (t && provider.expired() && (t.refresh_token || !provider.interactive))
      await authorize({}).catch(() => undefined);
    const send = () => {
      const headers = new Headers(init?.headers);
      const token = provider.tokens()?.access_token;
      if (token) headers.set('Authorization', `Bearer ${token}`);
      return base(input, { ...init, headers });
    };
    let res = await send();
    for (let signIns = 0; signIns < MAX_SIGN_INS_PER_REQUEST; signIns++) {
      const challenge = res.headers.get('www-authenticate') ?? `${res.status}`;
      const { resourceMetadataUrl, scope, error } = extractWWWAuthenticateParams(res);
      const stepUp = res.status === 403 && error === 'insufficient_scope';
      if (res.status !== 401 && !stepUp) break;
      const tries = challenges.get(challenge) ?? 0;
      if (tries >= MAX_ATTEMPTS_PER_CHALLENGE) break;
      challenges.set(challenge, tries + 1);
      await res.body?.cancel().catch(() => undefined);
      // A refresh keeps the old scopes, and a token refused twice is no good: both need a new authorization.
      if (stepUp || tries > 0) provider.invalidateCredentials('tokens');
      await authorize({ resourceMetadataUrl, scope });
      res = await send();
    }
    if (res.ok) challenges.clear();
    return res;
  };
}
