// What the SDK's auth helpers do not check about the authorization server a (possibly
// hostile) MCP server points at, checked before anything is sent to it: its metadata must
// name the URL it was fetched from as its issuer (RFC 8414 §3.3, against mix-up), and every
// endpoint must be HTTPS (plain http only on this machine's loopback, for a server there too).
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Two issuer identifiers as RFC 8414 compares them, but tolerating one trailing `/` (as the SDK does). */
export function sameIssuer(a: string, b: string): boolean {
  const norm = (s: string) => {
    try {
      return new URL(s).href.replace(/\/$/, '');
    } catch {
      return s.replace(/\/$/, '');
    }
  };
  return norm(a) === norm(b);
}

/** `serverLocal`: the MCP server itself is on the loopback; only then may its authorization server be. */
function secureEndpoint(what: string, value: string | undefined, serverLocal: boolean): void {
  if (value === undefined) return;
  const url = new URL(value);
  const local = LOOPBACK.has(url.hostname);
  if (local && !serverLocal)
    throw new Error(
      `the authorization server's ${what} is on this machine's loopback, named by a remote server: refused`,
    );
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return;
  throw new Error(`the authorization server's ${what} ${url.protocol}//${url.host} is not https: refused`);
}

/** Throws when the discovered authorization server is not one to send credentials to or open in a browser. */
export function checkAuthorizationServer(state: OAuthDiscoveryState, serverUrl: string): void {
  const serverLocal = LOOPBACK.has(new URL(serverUrl).hostname);
  const url = state.authorizationServerUrl;
  const m = state.authorizationServerMetadata;
  // Without protected resource metadata (2025-03-26 servers) the server's own origin serves the metadata,
  // whose issuer may carry a path: there it only has to be that origin.
  const legacy =
    !state.resourceMetadata && URL.canParse(m?.issuer ?? '') && new URL(m!.issuer).origin === new URL(url).origin;
  if (m && !legacy && !sameIssuer(m.issuer, url))
    throw new Error(`the authorization server at ${url} names another issuer in its metadata: refused (RFC 8414)`);
  secureEndpoint('address', url, serverLocal);
  secureEndpoint('authorization endpoint', m?.authorization_endpoint, serverLocal);
  secureEndpoint('token endpoint', m?.token_endpoint, serverLocal);
  secureEndpoint('registration endpoint', m?.registration_endpoint, serverLocal);
}
