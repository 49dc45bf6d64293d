// The MCP SDK's OAuthClientProvider for one mcp.yaml server: the SDK does the protocol
// (discovery, registration, PKCE, the token requests, RFC 8707 `resource`, refresh); this
// class keeps what it hands back (tokens and registered clients in the 0600 store, the rest
// in memory) and plays the person's part (the browser and the loopback redirect).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { createPrivateKeyJwtAuth } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { learnSecrets } from '../sessions/redact.js';
import type { OAuthSettings } from './config.js';
import { checkAuthorizationServer, sameIssuer } from './oauth-checks.js';
import { LoopbackRedirect, openBrowser } from './oauth-browser.js';
import type { OAuthStore } from './oauth-store.js';

/** A key file named in mcp.yaml, `~/` meaning the home directory as it does in a shell. */
function readKeyFile(path: string, env: NodeJS.ProcessEnv): string {
  const full = path.startsWith('~/') ? join(env.HOME || homedir(), path.slice(2)) : path;
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the privateKey file ${full}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

/** How long a person has to finish signing in in the browser. */
export const SIGN_IN_TIMEOUT_MS = 300_000;

/** Tokens are renewed this long before they expire, so a request does not race the expiry. */
const EXPIRY_MARGIN_MS = 30_000;

export interface ProviderOptions {
  /** The server's name in mcp.yaml, for the messages a person reads. */
  name: string;
  /** The key of this server's entry in the store (its URL). */
  key: string;
  settings: OAuthSettings;
  store: OAuthStore;
  env?: NodeJS.ProcessEnv;
  /** Where the "open this URL" line goes (stderr by default). */
  notify?: (line: string) => void;
  /** How long a person has to finish signing in. */
  signInTimeoutMs?: number;
}

export class McpOAuthProvider implements OAuthClientProvider {
  readonly clientMetadataUrl?: string;
  addClientAuthentication?: OAuthClientProvider['addClientAuthentication'];
  private loopback?: LoopbackRedirect;
  private redirectUri?: string;
  private verifier?: string;
  private stateValue?: string;
  private pendingCode?: Promise<string>;
  private discovery?: OAuthDiscoveryState;
  /** The pre-registered client once the SDK has bound it to its authorization server. */
  private boundClient?: OAuthClientInformationMixed;
  /** The access token this process last read or saved, so it never discards one another process saved since. */
  private seenAccess?: string;
  /** True while a person is signing in: the caller's connect timeout does not count that time. */
  waitingForPerson = false;

  constructor(private readonly o: ProviderOptions) {
    this.clientMetadataUrl = o.settings.clientMetadataUrl;
    const key = o.settings.privateKey;
    if (key && o.settings.clientId)
      this.addClientAuthentication = createPrivateKeyJwtAuth({
        issuer: o.settings.clientId,
        subject: o.settings.clientId,
        privateKey: key.includes('-----BEGIN') ? key : readKeyFile(key, o.env ?? process.env),
        alg: o.settings.signingAlgorithm,
      });
  }

  get interactive(): boolean {
    return this.o.settings.grant === 'authorization_code';
  }

  /** Before an authorization: the loopback listener, so the redirect URI is known to registration. */
  async prepare(): Promise<void> {
    if (!this.interactive || this.loopback) return;
    const stored = this.o.store.get(this.o.key).client as { redirect_uris?: string[] } | undefined;
    const remembered = Number(new URL(stored?.redirect_uris?.[0] ?? 'http://127.0.0.1:0').port || 0);
    this.loopback = new LoopbackRedirect();
    try {
      this.redirectUri = await this.loopback.listen(this.o.settings.redirectPort ?? remembered);
    } catch (err) {
      if (this.o.settings.redirectPort !== undefined) throw err;
      // The remembered port is taken: any port will do, with a registration that names it.
      this.redirectUri = await this.loopback.listen(0);
    }
    if (stored?.redirect_uris && !stored.redirect_uris.includes(this.redirectUri))
      this.o.store.update(this.o.key, (e) => ({ ...e, client: undefined }));
  }

  /** After an authorization: the listener goes. */
  finish(): void {
    this.loopback?.close();
    this.loopback = undefined;
    this.pendingCode = undefined;
    this.waitingForPerson = false;
  }

  get redirectUrl(): string | undefined {
    return this.interactive ? (this.redirectUri ?? 'http://127.0.0.1/callback') : undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    const s = this.o.settings;
    const authMethod = s.privateKey ? 'private_key_jwt' : s.clientSecret ? 'client_secret_basic' : 'none';
    return {
      client_name: 'KaptainKube',
      redirect_uris: this.interactive ? [this.redirectUrl!] : [],
      grant_types: this.interactive ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
      response_types: this.interactive ? ['code'] : [],
      token_endpoint_auth_method: authMethod,
      ...(s.scopes.length ? { scope: s.scopes.join(' ') } : {}),
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const s = this.o.settings;
    if (s.clientId) {
      // Stamped with the authorization server that first accepted it, so the SDK never presents it to another.
      const bound = this.o.store.get(this.o.key).configuredClient;
      const issuer = bound?.client_id === s.clientId ? { issuer: bound.issuer } : {};
      const configured = { client_id: s.clientId, ...(s.clientSecret ? { client_secret: s.clientSecret } : {}) };
      return this.boundClient?.client_id === s.clientId
        ? { ...this.boundClient, ...configured, ...issuer }
        : { ...configured, ...issuer };
    }
    const client = this.o.store.get(this.o.key).client;
    learnSecrets([client?.client_secret]);
    return client;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    const s = this.o.settings;
    if (!s.clientId) return void this.o.store.update(this.o.key, (e) => ({ ...e, client: info }));
    const bound = this.o.store.get(this.o.key).configuredClient;
    // The SDK registers anew when the configured client is bound elsewhere: refused before a browser opens.
    if (
      info.client_id !== s.clientId ||
      (bound?.client_id === s.clientId && !sameIssuer(bound.issuer, info.issuer ?? ''))
    )
      throw new Error(
        `client "${s.clientId}" was accepted by the authorization server ${bound?.issuer ?? '(unknown)'}; this server now names ${info.issuer ?? 'another'} (remove its entry from ${this.o.store.file} if that move is genuine)`,
      );
    this.boundClient = info;
    if (info.issuer && bound?.issuer !== info.issuer)
      this.o.store.update(this.o.key, (e) => ({
        ...e,
        configuredClient: { client_id: s.clientId!, issuer: info.issuer! },
      }));
  }

  // Every token read or received is made known to the redactors (transcripts, logs, model requests, errors).
  tokens(): OAuthTokens | undefined {
    const tokens = this.o.store.get(this.o.key).tokens;
    learnSecrets([tokens?.access_token, tokens?.refresh_token]);
    this.seenAccess = tokens?.access_token;
    return tokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    learnSecrets([tokens.access_token, tokens.refresh_token]);
    this.seenAccess = tokens.access_token;
    this.o.store.update(this.o.key, (e) => ({ ...e, tokens, tokensSavedAt: Date.now() }));
  }

  /** Whether the stored access token has passed (or nearly passed) its lifetime. */
  expired(now = Date.now()): boolean {
    const { tokens, tokensSavedAt } = this.o.store.get(this.o.key);
    if (!tokens?.expires_in || tokensSavedAt === undefined) return false;
    return tokensSavedAt + tokens.expires_in * 1000 - EXPIRY_MARGIN_MS <= now;
  }

  state(): string {
    this.stateValue = randomBytes(24).toString('base64url');
    return this.stateValue;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    if (!this.loopback || !this.stateValue) throw new Error('sign-in started before the loopback listener');
    const env = this.o.env ?? process.env;
    // Unattended (no terminal, no BROWSER command) nobody would see the URL: fail now rather than wait.
    if (!process.stderr.isTTY && env.BROWSER === undefined && !this.o.notify)
      throw new Error(
        `MCP server "${this.o.name}" needs a browser sign-in: run \`kaptain-kube mcp list\` in a terminal, or give its entry credentials`,
      );
    this.pendingCode = this.loopback.code(this.stateValue, this.o.signInTimeoutMs ?? SIGN_IN_TIMEOUT_MS);
    this.pendingCode.catch(() => undefined);
    this.waitingForPerson = true;
    const opened = openBrowser(authorizationUrl.href, env);
    const notify = this.o.notify ?? ((line: string) => process.stderr.write(`${line}\n`));
    notify(
      `MCP server "${this.o.name}" needs you to sign in${opened ? ' (a browser window was opened)' : ''}: ${authorizationUrl.href}`,
    );
  }

  /** The authorization code the browser brought back to the loopback listener. */
  async authorizationCode(): Promise<string> {
    if (!this.pendingCode) throw new Error('no sign-in in progress');
    try {
      return await this.pendingCode;
    } finally {
      this.waitingForPerson = false;
    }
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE code verifier saved');
    return this.verifier;
  }

  prepareTokenRequest(scope?: string): URLSearchParams | undefined {
    if (this.interactive) return undefined;
    return new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'verifier') this.verifier = undefined;
    if (scope === 'discovery' || scope === 'all') this.discovery = undefined;
    // A configured client's binding stays: an error from some server must not free its secret for another.
    if (scope === 'client' || scope === 'all') this.boundClient = undefined;
    const client = scope === 'client' || scope === 'all';
    const tokens = scope === 'tokens' || scope === 'all';
    if (client || tokens)
      this.o.store.update(this.o.key, (e) => ({
        ...e,
        ...(client ? { client: undefined } : {}),
        ...(tokens && (!this.seenAccess || e.tokens?.access_token === this.seenAccess)
          ? { tokens: undefined, tokensSavedAt: undefined }
          : {}),
      }));
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    // Called by the SDK after discovery and before any request that carries a credential.
    checkAuthorizationServer(state, this.o.key);
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }
}
