import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { issueCertificate, persistentKeyPair, type KeyPair } from '../../identity/certificates.js';
import { BINDING, loaFromUri, NAME_ID_FORMAT, type Loa, type SamlIdentityProviderConfig } from '../../identity/saml/config.js';
import { autoPostPage, loginPage, messagePage, sessionsPage, type IssuedSession } from './pages.js';
import { issueResponse, type IssuedResponse, type IssueResponseOptions } from './responses.js';
import { samlify, type IdentityProviderInstance, type ServiceProviderInstance } from './samlify.js';
import { DEFAULT_TEST_PERSONS, type SamlTestPerson } from './test-persons.js';

export interface SamlIdpSimulatorOptions {
  host?: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** The SP's metadata, fetched on first use (the SP usually starts after the IdP) */
  spMetadataUrl?: string;
  spMetadataXml?: string;
  /** Keeps the signing key across restarts, so the SP's trust in it survives */
  keyDir?: string;
  testPersons?: readonly SamlTestPerson[];
  /** Our slug in the SP's URLs; default 'test-idp' */
  id?: string;
  maxLoa?: Loa;
}

export interface SamlIdpSimulator {
  /** What the SP needs to trust this IdP */
  config: SamlIdentityProviderConfig;
  url: string;
  persons: readonly SamlTestPerson[];
  /** A signed Response to an AuthnRequest, with overrides for refusal tests */
  issueResponse(options: IssueResponseOptions): Promise<IssuedResponse>;
  /** Our signed LogoutRequest (HTTP-Redirect) to the SP for a session we issued */
  logoutRequestUrl(session: { nameId: string; sessionIndex: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A SAML identity provider for demo and tests, speaking the Swedish eID framework profile
 * with samlify: signed AuthnRequests in, signed Responses out, single logout both ways.
 * Plain HTTP on its own port; never for production.
 */
export async function startSamlIdpSimulator(options: SamlIdpSimulatorOptions = {}): Promise<SamlIdpSimulator> {
  const persons = options.testPersons ?? DEFAULT_TEST_PERSONS;
  const maxLoa = options.maxLoa ?? 4;
  const createKeys = () => issueCertificate({ commonName: 'SAML IdP-simulator', usage: 'signing' });
  const keys: KeyPair = options.keyDir ? await persistentKeyPair(options.keyDir, 'saml-idp-signing', createKeys) : createKeys();

  const app = express();
  // Listening before the routes exist: the entity id and endpoints need the port.
  const server: Server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const idp: IdentityProviderInstance = samlify.IdentityProvider({
    entityID: `${url}/metadata`,
    privateKey: keys.key,
    signingCert: keys.cert,
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    nameIDFormat: [NAME_ID_FORMAT.persistent],
    wantAuthnRequestsSigned: true,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
    singleSignOnService: [{ Binding: BINDING.redirect, Location: `${url}/sso` }],
    singleLogoutService: [{ Binding: BINDING.redirect, Location: `${url}/slo` }],
  });
  let sp: ServiceProviderInstance | undefined;
  const serviceProvider = async () => {
    sp ??= samlify.ServiceProvider({ metadata: await spMetadata(options), wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
    return sp;
  };
  const parties = async () => {
    const { entityMeta } = await serviceProvider();
    return { idpEntityId: `${url}/metadata`, idpKeys: keys, spEntityId: entityMeta.getEntityID(), acsUrl: String(entityMeta.getAssertionConsumerService('post')) };
  };
  const sessions = new Map<string, IssuedSession>();
  const issue = async (issueOptions: IssueResponseOptions) => {
    const issued = issueResponse(await parties(), issueOptions);
    sessions.set(issued.sessionIndex, { sessionIndex: issued.sessionIndex, nameId: issued.nameId, person: issueOptions.person });
    return issued;
  };
  const logoutRequestUrl = async (session: { nameId: string; sessionIndex: string }) => {
    sessions.delete(session.sessionIndex);
    return idp.createLogoutRequest(await serviceProvider(), 'redirect', { logoutNameID: session.nameId, sessionIndex: session.sessionIndex }).context;
  };

  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.get('/', (_req, res) => {
    res.send(sessionsPage([...sessions.values()]));
  });
  app.get('/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(idp.getMetadata());
  });

  app.get('/sso', async (req, res) => {
    const sp = await serviceProvider();
    const request = await idp.parseLoginRequest(sp, 'redirect', { query: req.query, octetString: redirectOctetString(req, 'SAMLRequest') }).catch(() => undefined);
    const requestId = request?.extract.request?.id;
    if (!request || typeof requestId !== 'string') return res.status(400).send(messagePage('Inloggningsbegäran kunde inte verifieras', 'The login request could not be verified'));
    // The lowest level the SP listed is what it asked for; the others are what it also accepts.
    const requested = [...request.samlContent.matchAll(/AuthnContextClassRef[^>]*>([^<]+)</g)].flatMap((match) => loaFromUri(match[1]) ?? []);
    res.send(
      loginPage({
        requestId,
        relayState: typeof req.query.RelayState === 'string' ? req.query.RelayState : '',
        spEntityId: sp.entityMeta.getEntityID(),
        requestedLoa: Math.min(maxLoa, ...(requested.length ? requested : [3])) as Loa,
        maxLoa,
        persons,
      }),
    );
  });

  app.post('/sso/complete', async (req, res) => {
    const form = req.body as Record<string, string | undefined>;
    const person = persons.find((candidate) => candidate.personalIdentityNumber === form.person);
    const loa = loaFromUri(`http://id.elegnamnden.se/loa/1.0/loa${form.loa}`);
    if (!person || !loa || loa > maxLoa || !form.requestId) return res.status(400).send(messagePage('Välj en testperson och en tillitsnivå', 'Choose a test person and a level of assurance'));
    const issued = await issue({ inResponseTo: form.requestId, person, loa });
    res.send(autoPostPage(issued.acsUrl, { SAMLResponse: issued.samlResponse, RelayState: form.relayState ?? '' }));
  });

  app.get('/slo', async (req, res) => {
    const sp = await serviceProvider();
    if (typeof req.query.SAMLRequest === 'string') {
      const request = await idp.parseLogoutRequest(sp, 'redirect', { query: req.query, octetString: redirectOctetString(req, 'SAMLRequest') }).catch(() => undefined);
      if (!request) return res.status(400).send(messagePage('Utloggningsbegäran kunde inte verifieras', 'The logout request could not be verified'));
      const sessionIndex = request.extract.sessionIndex as string | undefined;
      if (sessionIndex) sessions.delete(sessionIndex);
      const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : '';
      return res.redirect(302, idp.createLogoutResponse(sp, { extract: request.extract }, 'redirect', { relayState }).context);
    }
    const response = await idp.parseLogoutResponse(sp, 'redirect', { query: req.query, octetString: redirectOctetString(req, 'SAMLResponse') }).catch(() => undefined);
    if (!response) return res.status(400).send(messagePage('Utloggningssvaret kunde inte verifieras', 'The logout response could not be verified'));
    res.send(messagePage('Utloggad', 'Logged out', 'Tjänsten bekräftade utloggningen. The service confirmed the logout.'));
  });

  app.post('/slo/initiate', async (req, res) => {
    const session = sessions.get(String((req.body as Record<string, unknown>).sessionIndex));
    if (!session) return res.status(404).send(messagePage('Sessionen finns inte', 'No such session'));
    res.redirect(302, await logoutRequestUrl(session));
  });

  return {
    config: {
      id: options.id ?? 'test-idp',
      name: { sv: 'Test-e-legitimation (simulator)', en: 'Test e-ID (simulator)' },
      entityId: `${url}/metadata`,
      ssoUrl: `${url}/sso`,
      sloUrl: `${url}/slo`,
      signingCert: keys.cert,
      maxLoa,
    },
    url,
    persons,
    issueResponse: issue,
    logoutRequestUrl,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function spMetadata(options: SamlIdpSimulatorOptions): Promise<string> {
  if (options.spMetadataXml) return options.spMetadataXml;
  if (!options.spMetadataUrl) throw new Error('The SAML IdP simulator needs spMetadataXml or spMetadataUrl');
  const response = await fetch(options.spMetadataUrl);
  if (!response.ok) throw new Error(`SP metadata ${options.spMetadataUrl} answered ${response.status}`);
  return response.text();
}

/**
 * The signed part of an HTTP-Redirect message, exactly as the sender encoded it (binding 3.4.4.1):
 * SAMLRequest|SAMLResponse, RelayState and SigAlg from the raw query string, in that order.
 */
function redirectOctetString(req: Request, messageParameter: 'SAMLRequest' | 'SAMLResponse'): string {
  const raw = new Map(
    (req.originalUrl.split('?')[1] ?? '').split('&').map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const),
  );
  return [messageParameter, 'RelayState', 'SigAlg'].flatMap((name) => raw.get(name) ?? []).join('&');
}
