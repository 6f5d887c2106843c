import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ClientMetadata, JWK } from 'oidc-provider';
import { loginPage, logoutPage, messagePage } from './pages.js';
import { DEFAULT_OIDC_TEST_STAFF, type OidcTestStaff } from './test-staff.js';

export interface OidcSimulatorClient {
  clientId: string;
  /** Default: a random secret, given back in `clients` */
  clientSecret?: string;
  redirectUris: string[];
  /** Post-logout redirect URIs (RP-Initiated Logout) */
  postLogoutRedirectUris?: string[];
  /** ID tokens always carry auth_time (default), as Keycloak's do; false: only when asked for (max_age) */
  authTime?: boolean;
}

export interface StaffOidcSimulatorOptions {
  host?: string;
  /** 0 (default) picks a free port */
  port?: number;
  clients: OidcSimulatorClient[];
  staff?: readonly OidcTestStaff[];
}

export interface StaffOidcSimulator {
  /** The issuer; its discovery document is at /.well-known/openid-configuration */
  issuer: string;
  /** The registered clients with their secrets */
  clients: (OidcSimulatorClient & { clientSecret: string })[];
  staff: readonly OidcTestStaff[];
  /** Changes a person's groups at the "provider" (their next ID token carries them) */
  setGroups(subject: string, groups: string[]): void;
  close(): Promise<void>;
}

const SCOPES_CLAIMS = { openid: ['sub'], profile: ['name', 'groups'], email: ['email'] };

/**
 * An OpenID Connect provider for demo and tests (oidc-provider 9): authorization code flow with
 * PKCE required, RS256-signed ID tokens carrying name, e-mail, `groups` (as Entra ID and Keycloak
 * put them) and auth_time, and a login page where the tester picks a demo staff member and may
 * pretend the login happened earlier. Like a real provider it keeps a session: a later login
 * rides it unless the platform forces a new one (prompt=login, max_age), and RP-Initiated Logout
 * (end_session_endpoint) ends it, which is also how a tester switches person. Plain HTTP on
 * loopback; never for production.
 */
export async function startStaffOidcSimulator(options: StaffOidcSimulatorOptions): Promise<StaffOidcSimulator> {
  // loaded here, not at import: only demo mode and tests run a provider (it warns about Node 20 when loaded)
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  const host = options.host ?? '127.0.0.1';
  const people = new Map((options.staff ?? DEFAULT_OIDC_TEST_STAFF).map((person) => [person.subject, { ...person, groups: [...person.groups] }]));
  const clients = options.clients.map((client) => ({ ...client, clientSecret: client.clientSecret ?? randomBytes(24).toString('base64url') }));

  const app = express();
  // Listening before the provider exists: the issuer names the port.
  const server: Server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: clients.map(
      (client): ClientMetadata => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        require_auth_time: client.authTime ?? true,
      }),
    ),
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: SCOPES_CLAIMS,
    // the claims of the granted scopes go in the ID token itself, as Entra ID sends groups
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // seconds; short, as a test login is done in minutes
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = messagePage('Du är utloggad', 'You are logged out');
        },
      },
    },
    interactions: { policy: interactionPolicy.base(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = people.get(sub);
      return person && { accountId: sub, claims: () => ({ sub, name: person.name, email: person.email, groups: [...person.groups] }) };
    },
  });

  const form = express.urlencoded({ extended: false, limit: '16kb' });
  app.disable('x-powered-by');
  app.get('/interaction/:uid', async (req, res) => {
    const details = await provider.interactionDetails(req, res).catch(() => undefined);
    if (!details) return res.status(400).send(messagePage('Inloggningen finns inte längre', 'The login no longer exists'));
    res.set('Cache-Control', 'no-store').send(loginPage({ uid: details.uid, clientId: String(details.params.client_id), staff: [...people.values()] }));
  });
  app.post('/interaction/:uid/login', form, async (req, res) => {
    const details = await provider.interactionDetails(req, res).catch(() => undefined);
    const { subject, minutesAgo } = req.body as Record<string, unknown>;
    if (!details) return res.status(400).send(messagePage('Inloggningen finns inte längre', 'The login no longer exists'));
    if (typeof subject !== 'string' || !people.has(subject)) return res.status(400).send(messagePage('Välj vem som loggar in', 'Choose who logs in'));
    // a test of a provider that answers a forced login from an old session: the login's time (auth_time) set back
    const earlier = minutesAgo === undefined || minutesAgo === '' ? 0 : Number(minutesAgo);
    if (!Number.isInteger(earlier) || earlier < 0 || earlier > 24 * 60) return res.status(400).send(messagePage('Välj när inloggningen skedde', 'Choose when the login happened'));
    // the platform is a first-party client: what it asks for is granted without a consent page
    const grant = new provider.Grant({ accountId: subject, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const ts = Math.floor(Date.now() / 1000) - earlier * 60;
    await provider.interactionFinished(req, res, { login: { accountId: subject, ts }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false });
  });
  app.post('/interaction/:uid/abort', form, async (req, res) => {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled the login' }, { mergeWithLastSubmission: false });
  });
  app.use(provider.callback());

  return {
    issuer,
    clients,
    staff: [...people.values()],
    setGroups: (subject, groups) => {
      const person = people.get(subject);
      if (!person) throw new Error(`No test staff member ${subject}`);
      person.groups = [...groups];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A fresh RS256 signing key each start: relying parties read it from the provider's JWKS. */
function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: `simulator-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };
}
