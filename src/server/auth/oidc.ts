/**
 * Optional OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) with
 * openid-client. `/auth/oidc/start` sends the browser to the provider; `/auth/oidc/callback`
 * checks the answer, finds the user by issuer + `sub` (creating one with the configured default
 * role and scope at the first sign-in) and starts an ordinary session. The flow's secrets (PKCE
 * verifier, nonce) stay on the server, keyed by `state`; the browser holds only `state` in a short
 * HttpOnly cookie, and the callback must present the same one, so a sign-in cannot be started by
 * one browser and finished in another (login CSRF).
 */
import * as client from 'openid-client';
import { DEFAULT_ORG, type Role, XinzhiError } from '../../core/index.js';
import type { Store, UserRecord } from '../../store/index.js';
import type { AccessEvents } from './access-events.js';
import { noCredentialsYet } from './middleware.js';

export interface OidcOptions {
  /** Issuer URL; its `/.well-known/openid-configuration` is read at the first sign-in. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /**
   * This server's callback as registered at the provider, e.g.
   * `https://xinzhi.plant.example/api/v1/auth/oidc/callback`. Required: it must not depend on
   * request headers an attacker could set.
   */
  readonly redirectUri: string;
  /** Role of users created at their first OIDC sign-in; default `viewer`. */
  readonly defaultRole?: Role;
  /** Their organisation; default `default`. */
  readonly defaultOrg?: string;
  /** Their sites; default null (every site of the organisation). */
  readonly defaultSites?: readonly string[] | null;
  /** Default `openid profile email`. */
  readonly scope?: string;
  /** Allow an `http://` issuer (tests, isolated lab networks); default false. */
  readonly allowInsecureIssuer?: boolean;
  /** How long a started sign-in may take; default 10 min. */
  readonly flowTtlMs?: number;
}

export const OIDC_STATE_COOKIE = 'xinzhi_oidc';

interface Flow {
  readonly verifier: string;
  readonly nonce: string;
  readonly startedAt: number;
}

const MAX_FLOWS = 1000;
const USERNAME_OK = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class OidcSignIn {
  private config: Promise<client.Configuration> | undefined;
  private readonly flows = new Map<string, Flow>();

  constructor(
    private readonly o: OidcOptions,
    private readonly deps: { store: Store; access?: AccessEvents | undefined },
  ) {}

  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(
        new URL(this.o.issuer),
        this.o.clientId,
        this.o.clientSecret,
        undefined,
        // ID tokens are signature-checked against the issuer's JWKS too, not only trusted because
        // they came over TLS from the token endpoint (ASVS 6.8.2, 9.1.1–9.1.3).
        {
          execute: [
            ...(this.o.allowInsecureIssuer ? [client.allowInsecureRequests] : []),
            client.enableNonRepudiationChecks,
          ],
        },
      )
      .catch((e: unknown) => {
        // Try again at the next sign-in rather than caching the failure.
        this.config = undefined;
        throw new XinzhiError(
          'INTERNAL',
          `OIDC discovery at ${this.o.issuer} failed: ${(e as Error).message}`,
          {
            field: 'oidc.issuer',
          },
        );
      });
    return this.config;
  }

  /** The provider URL to send the browser to, and the `state` to keep in its cookie. */
  async start(now: number): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    for (const [k, f] of this.flows)
      if (this.flows.size >= MAX_FLOWS || now - f.startedAt > (this.o.flowTtlMs ?? 600_000))
        this.flows.delete(k);
      else break;
    this.flows.set(state, { verifier, nonce, startedAt: now });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUri,
      scope: this.o.scope ?? 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Checks the provider's answer and returns the user it names (created at the first sign-in). */
  async finish(query: string, cookieState: string | undefined, now: number): Promise<UserRecord> {
    const params = new URLSearchParams(query);
    const state = params.get('state') ?? '';
    const flow = this.flows.get(state);
    if (!flow || cookieState !== state || now - flow.startedAt > (this.o.flowTtlMs ?? 600_000))
      throw new XinzhiError('UNAUTHENTICATED', 'unknown or expired OIDC sign-in; start again', {
        field: 'state',
      });
    this.flows.delete(state);
    const config = await this.configuration();
    const current = new URL(this.o.redirectUri);
    current.search = params.toString();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (e) {
      throw new XinzhiError('UNAUTHENTICATED', `OIDC sign-in refused: ${(e as Error).message}`, {
        field: 'code',
      });
    }
    if (!claims)
      throw new XinzhiError('UNAUTHENTICATED', 'the provider returned no ID token', { field: 'code' });
    const issuer = claims.iss;
    const subject = claims.sub;
    const known = await this.deps.store.findUserByOidc(issuer, subject);
    if (known) return known;
    const first = await noCredentialsYet(this.deps.store);
    const user = await this.deps.store.createUser({
      username: await this.freeUsername(claims),
      role: this.o.defaultRole ?? 'viewer',
      org: this.o.defaultOrg ?? DEFAULT_ORG,
      sites: this.o.defaultSites ?? null,
      oidc: { issuer, subject },
      createdAt: now,
    });
    if (first) this.deps.access?.firstRunEnded();
    return user;
  }

  /** A username from the provider's claims that is valid and not taken (`ada`, `ada-2`, …). */
  private async freeUsername(claims: client.IDToken): Promise<string> {
    const wanted = [claims['preferred_username'], claims['email'], `oidc-${claims.sub}`]
      .filter((x): x is string => typeof x === 'string')
      .map((x) =>
        x
          .replace(/[^A-Za-z0-9._@-]/g, '-')
          .replace(/^[^A-Za-z0-9]+/, '')
          .slice(0, 56),
      )
      .find((x) => USERNAME_OK.test(x));
    const base = wanted ?? 'oidc-user';
    for (let i = 1; i < 1000; i++) {
      const name = i === 1 ? base : `${base}-${i}`;
      if (!(await this.deps.store.findUserByName(name))) return name;
    }
    throw new XinzhiError('CONFLICT', `no free username for '${base}'`, { field: 'username' });
  }
}

/**
 * OIDC settings from the environment (`xinzhi serve` reads them, so the client secret never
 * appears in argv): XINZHI_OIDC_ISSUER, XINZHI_OIDC_CLIENT_ID, XINZHI_OIDC_CLIENT_SECRET,
 * XINZHI_OIDC_REDIRECT_URI, and optionally XINZHI_OIDC_ROLE (default viewer), XINZHI_OIDC_ORG,
 * XINZHI_OIDC_SITES (comma-separated). Undefined when XINZHI_OIDC_ISSUER is not set.
 */
export function oidcFromEnv(env: Readonly<Record<string, string | undefined>>): OidcOptions | undefined {
  const issuer = env['XINZHI_OIDC_ISSUER'];
  if (!issuer) return undefined;
  const need = (name: string): string => {
    const v = env[name];
    if (!v)
      throw new XinzhiError('BAD_INPUT', `${name} is required when XINZHI_OIDC_ISSUER is set`, {
        field: name,
      });
    return v;
  };
  const role = env['XINZHI_OIDC_ROLE'];
  if (role !== undefined && !['viewer', 'operator', 'engineer', 'admin'].includes(role))
    throw new XinzhiError(
      'BAD_INPUT',
      `XINZHI_OIDC_ROLE must be viewer, operator, engineer or admin, not '${role}'`,
      {
        field: 'XINZHI_OIDC_ROLE',
      },
    );
  const sites = env['XINZHI_OIDC_SITES']
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const secret = env['XINZHI_OIDC_CLIENT_SECRET'];
  const org = env['XINZHI_OIDC_ORG'];
  return {
    issuer,
    clientId: need('XINZHI_OIDC_CLIENT_ID'),
    redirectUri: need('XINZHI_OIDC_REDIRECT_URI'),
    ...(secret ? { clientSecret: secret } : {}),
    ...(role ? { defaultRole: role as Role } : {}),
    ...(org ? { defaultOrg: org } : {}),
    ...(sites && sites.length > 0 ? { defaultSites: sites } : {}),
  };
}
