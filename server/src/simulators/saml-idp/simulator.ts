import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import express, { type Request, type Response } from 'express';
import { issueCertificate, persistentKeyPair, type KeyPair } from '../../identity/certificates.js';
import { BINDING, loaFromUri, NAME_ID_FORMAT, type Loa, type SamlIdentityProviderConfig } from '../../identity/saml/config.js';
import { certificatePem } from '../../identity/saml/idp-metadata.js';
import { readCookie } from '../../identity/sessions.js';
import { signMetadata } from './metadata-signing.js';
import { autoPostPage, loginPage, messagePage, sessionsPage, type IssuedSession, type PersonChoice, type SimulatedParty } from './pages.js';
import { issueResponse, type IssuedResponse, type IssueResponseOptions, type ResponseParties, type ResponseVariations } from './responses.js';
import { samlify, type IdentityProviderInstance, type ServiceProviderInstance } from './samlify.js';
import { DEFAULT_TEST_PERSONS, type SamlTestPerson } from './test-persons.js';

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Where a simulated IdP listens, which SP it serves and where it keeps its key. */
export interface SimulatedIdpOptions {
  host?: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** The SP's metadata, fetched on first use (the SP usually starts after the IdP) */
  spMetadataUrl?: string;
  spMetadataXml?: string;
  /** Keeps the signing key across restarts, so the SP's trust in it survives */
  keyDir?: string;
  /** Publish a second signing key beside the current one, as an IdP does during a key rollover */
  keyRollover?: boolean;
  /** Serve the metadata signed with this key, as a federation operator publishes it */
  metadataSigning?: KeyPair;
  /**
   * The binding of single logout: 'redirect' (default), or 'post' as an IdP that offers only
   * HTTP-POST: its metadata says so, and its LogoutRequests and LogoutResponses go to the SP in
   * auto-posted forms (SAML Bindings 3.5). It takes the SP's messages over either binding.
   */
  singleLogoutBinding?: 'redirect' | 'post';
}

export interface SamlIdpSimulatorOptions extends SimulatedIdpOptions {
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
  /** Its signing keys: the current one first, then the next one of a key rollover */
  signingKeys: readonly KeyPair[];
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
  const idp = await startSimulatedIdp(options, {
    party: 'e-id',
    persons,
    choice: (person) => ({ key: person.personalIdentityNumber, label: `${person.displayName} (${person.personalIdentityNumber})` }),
    maxLoa,
    singleLogout: true,
    issue: (parties, person, loa, inResponseTo, session) => issueResponse(parties, { inResponseTo, person, loa: loa ?? 3, ...session }),
  });
  return {
    config: {
      id: options.id ?? 'test-idp',
      name: { sv: 'Test-e-legitimation (simulator)', en: 'Test e-ID (simulator)' },
      entityId: idp.entityId,
      ssoUrl: `${idp.url}/sso`,
      sloUrl: `${idp.url}/slo`,
      signingCerts: idp.signingKeys.map((keys) => keys.cert),
      maxLoa,
    },
    url: idp.url,
    persons,
    signingKeys: idp.signingKeys,
    issueResponse: (issueOptions) => idp.record(issueOptions.person, (parties) => issueResponse(parties, issueOptions), issueOptions.loa),
    logoutRequestUrl: idp.logoutRequestUrl,
    close: idp.close,
  };
}

/** Who a simulated IdP knows and how it describes them in a Response. */
export interface SimulatedDirectory<Person> {
  party: SimulatedParty;
  persons: readonly Person[];
  choice(person: Person): PersonChoice;
  /** e-ID only: the highest level of assurance, which makes the login page offer levels */
  maxLoa?: Loa;
  /** Whether the SP takes single logout (the page offers IdP-initiated logout) */
  singleLogout: boolean;
  /** A good Response for the person picked on the login page, or (`session`) from the IdP's single sign-on session */
  issue(parties: ResponseParties, person: Person, loa: Loa | undefined, inResponseTo: string, session?: Pick<ResponseVariations, 'sessionIndex' | 'authnInstant'>): Promise<IssuedResponse>;
}

/** A session the IdP started: who, at which level, and when they authenticated (single sign-on answers with that time). */
interface SimulatedSession<Person> extends IssuedSession {
  person: Person;
  loa: Loa | undefined;
  authnInstant: Date;
}

export interface SimulatedIdp<Person> {
  url: string;
  entityId: string;
  /** The current signing key first, then the next one of a key rollover */
  signingKeys: readonly KeyPair[];
  /** Issues a response with `issue` and remembers the session it starts (for the start page, single sign-on and logout) */
  record(person: Person, issue: (parties: ResponseParties) => Promise<IssuedResponse>, loa?: Loa): Promise<IssuedResponse>;
  logoutRequestUrl(session: { nameId: string; sessionIndex: string }): Promise<string>;
  /** Our signed LogoutRequest of the HTTP-POST binding: where to post it, and the form's SAMLRequest */
  logoutRequestPost(session: { nameId: string; sessionIndex: string }): Promise<{ url: string; SAMLRequest: string }>;
  close(): Promise<void>;
}

/**
 * The HTTP side shared by the e-ID and the staff IdP simulators: metadata, the login page for
 * a signed AuthnRequest (HTTP-Redirect), the auto-posted Response (HTTP-POST) and single logout.
 * Like a real IdP it keeps a single sign-on session (a cookie of its own): a request without
 * ForceAuthn from a browser with a live session is answered at once, with the session's
 * SessionIndex and original AuthnInstant; ForceAuthn="true" always shows the login page.
 */
export async function startSimulatedIdp<Person>(options: SimulatedIdpOptions, directory: SimulatedDirectory<Person>): Promise<SimulatedIdp<Person>> {
  const { party, persons, maxLoa } = directory;
  const createKeys = () => issueCertificate({ commonName: party === 'staff' ? 'SAML IdP-simulator (personal)' : 'SAML IdP-simulator', usage: 'signing' });
  const signingKey = (name: string) => (options.keyDir ? persistentKeyPair(options.keyDir, name, createKeys) : Promise.resolve(createKeys()));
  const signingKeys = [await signingKey('saml-idp-signing'), ...(options.keyRollover ? [await signingKey('saml-idp-signing-next')] : [])];
  const [keys] = signingKeys as [KeyPair];
  const sloBinding = options.singleLogoutBinding ?? 'redirect';

  const app = express();
  // Listening before the routes exist: the entity id and endpoints need the port.
  const server: Server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const entityId = `${url}/metadata`;

  const idp: IdentityProviderInstance = samlify.IdentityProvider({
    entityID: entityId,
    privateKey: keys.key,
    signingCert: signingKeys.map((pair) => pair.cert),
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    nameIDFormat: [NAME_ID_FORMAT.persistent],
    wantAuthnRequestsSigned: true,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
    singleSignOnService: [{ Binding: BINDING.redirect, Location: `${url}/sso` }],
    singleLogoutService: [{ Binding: BINDING[sloBinding], Location: `${url}/slo` }],
  });
  let sp: ServiceProviderInstance | undefined;
  const serviceProvider = async () => {
    sp ??= samlify.ServiceProvider({ metadata: await spMetadata(options), wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
    return sp;
  };
  const parties = async (): Promise<ResponseParties> => {
    const { entityMeta } = await serviceProvider();
    const encryptionCert = encryptionCertificate(entityMeta.getMetadata());
    return {
      idpEntityId: entityId,
      idpKeys: keys,
      spEntityId: entityMeta.getEntityID(),
      acsUrl: String(entityMeta.getAssertionConsumerService('post')),
      spEncryptionCert: encryptionCert,
    };
  };
  const sessions = new Map<string, SimulatedSession<Person>>();
  const record = async (person: Person, issue: (parties: ResponseParties) => Promise<IssuedResponse>, loa?: Loa) => {
    const issued = await issue(await parties());
    const { sessionIndex, nameId, authnInstant } = issued;
    sessions.set(sessionIndex, { sessionIndex, nameId, label: directory.choice(person).label, person, loa, authnInstant });
    return issued;
  };
  // the browser's single sign-on session at this IdP (one name per kind of IdP, as both may run on one host)
  const sessionCookie = `saml_idp_simulator_${party}`;
  const logoutRequestUrl = async (session: { nameId: string; sessionIndex: string }) => {
    sessions.delete(session.sessionIndex);
    return idp.createLogoutRequest(await serviceProvider(), 'redirect', { logoutNameID: session.nameId, sessionIndex: session.sessionIndex }).context;
  };
  const logoutRequestPost = async (session: { nameId: string; sessionIndex: string }) => {
    sessions.delete(session.sessionIndex);
    const posted = idp.createLogoutRequest(await serviceProvider(), 'post', { logoutNameID: session.nameId, sessionIndex: session.sessionIndex }) as unknown as { context: string; entityEndpoint: string };
    return { url: posted.entityEndpoint, SAMLRequest: posted.context };
  };
  /** An auto-posted form page (HTTP-POST binding) or a redirect (HTTP-Redirect), as the IdP's binding is. */
  const sendLogoutMessage = (res: Response, message: { context: string; entityEndpoint?: string }, field: 'SAMLRequest' | 'SAMLResponse', relayState: string) =>
    sloBinding === 'post' ? res.send(autoPostPage(message.entityEndpoint ?? '', { [field]: message.context, RelayState: relayState }, party)) : res.redirect(302, message.context);
  const message = (heading: string, english: string, detail = '') => messagePage(heading, english, detail, party);

  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.get('/', (_req, res) => {
    res.send(sessionsPage([...sessions.values()], party, directory.singleLogout));
  });
  app.get('/metadata', (_req, res) => {
    const metadata = idp.getMetadata();
    res.type('application/samlmetadata+xml').send(options.metadataSigning ? signMetadata(metadata, options.metadataSigning) : metadata);
  });

  app.get('/sso', async (req, res) => {
    const sp = await serviceProvider();
    const request = await idp.parseLoginRequest(sp, 'redirect', { query: req.query, octetString: redirectOctetString(req, 'SAMLRequest') }).catch(() => undefined);
    const requestId = request?.extract.request?.id;
    if (!request || typeof requestId !== 'string') return res.status(400).send(message('Inloggningsbegäran kunde inte verifieras', 'The login request could not be verified'));
    const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : '';
    const forceAuthn = /\bForceAuthn="(true|1)"/.test(request.samlContent);
    const live = forceAuthn ? undefined : sessions.get(readCookie(req, sessionCookie) ?? '');
    if (live) {
      const { person, loa, sessionIndex, authnInstant } = live;
      const issued = await record(person, (parties) => directory.issue(parties, person, loa, requestId, { sessionIndex, authnInstant }), loa);
      return res.send(autoPostPage(issued.acsUrl, { SAMLResponse: issued.samlResponse, RelayState: relayState }, party));
    }
    // The lowest level the SP listed is what it asked for; the others are what it also accepts.
    const requested = [...request.samlContent.matchAll(/AuthnContextClassRef[^>]*>([^<]+)</g)].flatMap((match) => loaFromUri(match[1]) ?? []);
    res.send(
      loginPage({
        requestId,
        relayState,
        spEntityId: sp.entityMeta.getEntityID(),
        persons: persons.map(directory.choice),
        ...(maxLoa ? { levels: { requested: Math.min(maxLoa, ...(requested.length ? requested : [3])) as Loa, max: maxLoa } } : {}),
        party,
      }),
    );
  });

  app.post('/sso/complete', async (req, res) => {
    const form = req.body as Record<string, string | undefined>;
    const person = persons.find((candidate) => directory.choice(candidate).key === form.person);
    const loa = maxLoa ? loaFromUri(`http://id.elegnamnden.se/loa/1.0/loa${form.loa}`) : undefined;
    if (!person || !form.requestId || (maxLoa && (!loa || loa > maxLoa))) {
      return res.status(400).send(maxLoa ? message('Välj en testperson och en tillitsnivå', 'Choose a test person and a level of assurance') : message('Välj en testperson', 'Choose a test person'));
    }
    // a test of an IdP that answers a forced login from an old session: the AuthnInstant set back
    const minutesAgo = form.minutesAgo === undefined || form.minutesAgo === '' ? 0 : Number(form.minutesAgo);
    if (!Number.isInteger(minutesAgo) || minutesAgo < 0 || minutesAgo > 24 * 60) return res.status(400).send(message('Välj när inloggningen skedde', 'Choose when the login happened'));
    const requestId = form.requestId;
    const session = { authnInstant: new Date(Date.now() - minutesAgo * 60_000) };
    const issued = await record(person, (parties) => directory.issue(parties, person, loa, requestId, session), loa);
    res.cookie(sessionCookie, issued.sessionIndex, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.send(autoPostPage(issued.acsUrl, { SAMLResponse: issued.samlResponse, RelayState: form.relayState ?? '' }, party));
  });

  /** The SP's LogoutRequest (the IdP's session ends; answered in the IdP's binding) or its LogoutResponse, over either binding. */
  const singleLogout = async (req: Request, res: Response) => {
    const sp = await serviceProvider();
    const binding = req.method === 'GET' ? 'redirect' : 'post';
    const fields = (binding === 'redirect' ? req.query : req.body) as Record<string, unknown>;
    const relayState = typeof fields.RelayState === 'string' ? fields.RelayState : '';
    const received = (field: 'SAMLRequest' | 'SAMLResponse') => (binding === 'redirect' ? { query: req.query, octetString: redirectOctetString(req, field) } : { body: req.body as Record<string, unknown> });
    if (typeof fields.SAMLRequest === 'string') {
      const request = await idp.parseLogoutRequest(sp, binding, received('SAMLRequest')).catch(() => undefined);
      if (!request) return res.status(400).send(message('Utloggningsbegäran kunde inte verifieras', 'The logout request could not be verified'));
      const sessionIndex = request.extract.sessionIndex as string | undefined;
      if (sessionIndex) sessions.delete(sessionIndex);
      res.clearCookie(sessionCookie, { path: '/' });
      return sendLogoutMessage(res, idp.createLogoutResponse(sp, { extract: request.extract }, sloBinding, relayState) as unknown as { context: string; entityEndpoint?: string }, 'SAMLResponse', relayState);
    }
    const response = await idp.parseLogoutResponse(sp, binding, received('SAMLResponse')).catch(() => undefined);
    if (!response) return res.status(400).send(message('Utloggningssvaret kunde inte verifieras', 'The logout response could not be verified'));
    res.send(message('Utloggad', 'Logged out', 'Tjänsten bekräftade utloggningen. The service confirmed the logout.'));
  };
  app.get('/slo', singleLogout);
  app.post('/slo', singleLogout);

  app.post('/slo/initiate', async (req, res) => {
    const session = directory.singleLogout ? sessions.get(String((req.body as Record<string, unknown>).sessionIndex)) : undefined;
    if (!session) return res.status(404).send(message('Sessionen finns inte', 'No such session'));
    if (readCookie(req, sessionCookie) === session.sessionIndex) res.clearCookie(sessionCookie, { path: '/' });
    if (sloBinding === 'redirect') return res.redirect(302, await logoutRequestUrl(session));
    const { url, SAMLRequest } = await logoutRequestPost(session);
    res.send(autoPostPage(url, { SAMLRequest }, party));
  });

  return {
    url,
    entityId,
    signingKeys,
    record,
    logoutRequestUrl,
    logoutRequestPost,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function spMetadata(options: SimulatedIdpOptions): Promise<string> {
  if (options.spMetadataXml) return options.spMetadataXml;
  if (!options.spMetadataUrl) throw new Error('The SAML IdP simulator needs spMetadataXml or spMetadataUrl');
  const response = await fetch(options.spMetadataUrl);
  if (!response.ok) throw new Error(`SP metadata ${options.spMetadataUrl} answered ${response.status}`);
  return response.text();
}

/**
 * The SP's encryption certificate: a KeyDescriptor with use="encryption", or without `use` (for
 * both). samlify's own reading takes a lone signing key for encryption too, which the staff SP,
 * publishing only its signing key, does not mean.
 */
function encryptionCertificate(metadata: string): string | undefined {
  const document = new DOMParser().parseFromString(metadata, 'text/xml');
  const key = Array.from(document.getElementsByTagNameNS(METADATA_NS, 'KeyDescriptor')).find((element) => (element.getAttribute('use') || 'encryption') === 'encryption');
  const certificate = key?.getElementsByTagNameNS(DSIG_NS, 'X509Certificate')[0]?.textContent;
  return certificate ? certificatePem(certificate) : undefined;
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
