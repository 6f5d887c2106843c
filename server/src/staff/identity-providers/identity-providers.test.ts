import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_OIDC_CLIENT_ID, DEMO_STAFF_OIDC_PROVIDER } from '../../demo/staff-groups.js';
import { issueCertificate } from '../../identity/certificates.js';
import { CookieBrowser } from '../../identity/saml/saml-test-app.js';
import { startStaffSamlIdpSimulator, type StaffSamlIdpSimulator } from '../../simulators/saml-idp/staff-simulator.js';
import { startStaffOidcSimulator, type StaffOidcSimulator } from '../../simulators/staff-oidc/simulator.js';
import { call, startTestApp, type TestApp } from '../../test-support/app.js';
import type { GroupMapping } from '@etjanst/schemas';
import { signInStaff, type StaffSignIn } from '../../test-support/staff.js';
import { addGrant, createAccount } from '../accounts.js';
import { OidcTestBrowser, oidcLoginSteps, refusalCode } from '../oidc/oidc-test-browser.js';
import { loggedOutUrl } from '../oidc/logout.js';
import { callbackUrl, staffOidcLoginMethod } from '../oidc/plugin.js';
import { staffSamlEndpoints, staffSamlLoginMethod } from '../saml/plugin.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../sessions.js';

/**
 * Staff identity providers stored by platform administrators, and group mappings kept by
 * municipality administrators, over HTTP against the real app: an OpenID Connect provider stored
 * through the API is the oidc-provider simulator under another id, logged in through at once;
 * a SAML IdP is stored from the staff IdP simulator's metadata. The configuration has the
 * simulator as `demo-idp`, as the demo does.
 */

const STORED = 'ekdala-entra';
const STORED_SAML = 'ekdala-adfs';
const PROVIDERS = '/api/staff/identity-providers';
const MAPPINGS = '/api/municipalities/ekdala/group-mappings';
const DESIGNER_GROUP = 'etjanst-ekdala-bygg-designer';
/** The app's DELIVERY_SECRET, which stored client secrets are sealed under */
const SEALING_KEY = 'nyckel-for-lagrade-hemligheter-i-test';

let app: TestApp;
let oidcSimulator: StaffOidcSimulator;
let samlSimulator: StaffSamlIdpSimulator;
/** Ekdala's municipality administrator (the test app's administrator holds every role, this one only that) */
let ekdalaAdmin: StaffSignIn;
let solbackaAdmin: StaffSignIn;

beforeAll(async () => {
  app = await startTestApp({
    delivery: { settings: { secret: SEALING_KEY }, worker: false },
    staffLoginMethods: async ({ db, baseUrl }) => {
      oidcSimulator = await startStaffOidcSimulator({ clients: [{ clientId: DEMO_STAFF_OIDC_CLIENT_ID, redirectUris: [callbackUrl(baseUrl, DEMO_STAFF_OIDC_PROVIDER), callbackUrl(baseUrl, STORED)] }] });
      samlSimulator = await startStaffSamlIdpSimulator({ spMetadataUrl: staffSamlEndpoints(baseUrl, STORED_SAML).metadata });
      const sessions = { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true };
      const { clientId, clientSecret } = oidcSimulator.clients[0]!;
      return [
        staffOidcLoginMethod({ db, sessions, publicUrl: baseUrl, timeoutSeconds: 5, sealingKey: SEALING_KEY }, [
          { id: DEMO_STAFF_OIDC_PROVIDER, name: { sv: 'Simulator', en: 'Simulator' }, issuer: oidcSimulator.issuer, clientId, clientSecret, groupsClaim: 'groups' },
        ]),
        staffSamlLoginMethod({ db, sessions, sp: { entityId: 'https://etjanst.test/staff/saml/sp', baseUrl, signing: issueCertificate({ commonName: 'SP för personal (test)', usage: 'signing' }) } }, []),
      ];
    },
  });
  ekdalaAdmin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }], 'Ebba Ekdala');
  solbackaAdmin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }], 'Sune Solbacka');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await oidcSimulator?.close();
  await samlSimulator?.close();
});

const secret = () => oidcSimulator.clients[0]!.clientSecret;
const storedOidc = () => ({ id: STORED, kind: 'oidc', name: { sv: 'Ekdala kommuns inloggning', en: 'Ekdala municipality login' }, issuer: oidcSimulator.issuer, clientId: DEMO_STAFF_OIDC_CLIENT_ID, clientSecret: secret() });
const storedSecret = async () => (await app.database.db.selectFrom('staff_identity_providers').select('client_secret').where('id', '=', STORED).executeTakeFirstOrThrow()).client_secret;
const storedCount = async () => (await app.database.db.selectFrom('staff_identity_providers').select('id').execute()).length;
const lastAudit = (action: string) => app.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
const loginMethods = async () => (await call(app.baseUrl, 'GET', '/api/staff/login-methods')).body.methods as { id: string; startPath?: string }[];
const { logIn } = oidcLoginSteps(() => app.baseUrl, STORED);

/** Logs in through the stored OIDC provider as the simulator's `subject`; the session as GET /api/staff/session gives it. */
async function sessionAfterLogin(subject: string) {
  const browser = new OidcTestBrowser();
  const response = await logIn(browser, subject);
  expect(response.status, await response.clone().text()).toBe(303);
  return (await call(app.baseUrl, 'GET', '/api/staff/session', undefined, { cookie: browser.staffCookie! })).body;
}

describe('staff identity providers for platform administrators', () => {
  it('lists the configuration’s providers read-only, with what to register at the provider and no secret', async () => {
    const { status, body, headers } = await call(app.baseUrl, 'GET', PROVIDERS);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.kinds).toEqual(['oidc', 'saml']);
    expect(body.items).toEqual([
      {
        id: DEMO_STAFF_OIDC_PROVIDER,
        kind: 'oidc',
        name: { sv: 'Simulator', en: 'Simulator' },
        origin: 'configuration',
        editable: false,
        inEffect: true,
        loginMethod: `oidc:${DEMO_STAFF_OIDC_PROVIDER}`,
        issuer: oidcSimulator.issuer,
        clientId: DEMO_STAFF_OIDC_CLIENT_ID,
        groupsClaim: 'groups',
        redirectUri: callbackUrl(app.baseUrl, DEMO_STAFF_OIDC_PROVIDER),
        postLogoutRedirectUri: loggedOutUrl(app.baseUrl, DEMO_STAFF_OIDC_PROVIDER),
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(secret());
    for (const [method, body] of [['PUT', storedOidc()], ['DELETE', undefined]] as const) {
      const refused = await call(app.baseUrl, method, `${PROVIDERS}/${DEMO_STAFF_OIDC_PROVIDER}`, body);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'identity-provider-from-configuration', field: 'id' });
    }
  });

  it('stores an OIDC provider that logins go through at once; the client secret is write-only', async () => {
    // an account tied to a provider the configuration once had under this id is not taken over by the new one
    const earlier = await createAccount(app.database.db, { provider: `oidc:${STORED}`, subject: 'ekdala-designer-1', displayName: 'Förr' });
    await addGrant(app.database.db, earlier.id, { role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null, grantedBy: 'test' });
    const created = await call(app.baseUrl, 'POST', PROVIDERS, storedOidc());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: STORED, kind: 'oidc', origin: 'database', editable: true, inEffect: true, loginMethod: `oidc:${STORED}`, issuer: oidcSimulator.issuer, groupsClaim: 'groups', redirectUri: callbackUrl(app.baseUrl, STORED) });
    expect(created.body.updatedBy).toBe(`staff:${app.administrator.accountId} (Test Administratör)`);
    // sealed at rest: the column holds neither the secret nor anything that opens without the key
    expect(await storedSecret()).toMatch(/^v1\./);
    expect(await storedSecret()).not.toContain(secret());
    // never given back: not in the answer, the list, the one provider, the audit row
    const answers = [created.body, (await call(app.baseUrl, 'GET', PROVIDERS)).body, (await call(app.baseUrl, 'GET', `${PROVIDERS}/${STORED}`)).body, await lastAudit('identity-provider.created')];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(secret());
    expect(answers[3]).toMatchObject({ municipality_id: null, subject_type: 'identity-provider', subject_id: `oidc:${STORED}`, details: { kind: 'oidc', issuer: oidcSimulator.issuer, clientId: DEMO_STAFF_OIDC_CLIENT_ID, loginsUnlinked: 1 } });

    // the login page offers it, without a restart; a person with no mapped group gets in with no role
    expect(await loginMethods()).toContainEqual({ id: `oidc:${STORED}`, kind: 'oidc', name: storedOidc().name, startPath: `/api/staff/login/oidc/${STORED}/start` });
    const session = await sessionAfterLogin('ekdala-designer-1');
    expect(session).toMatchObject({ method: `oidc:${STORED}`, displayName: 'Dan Designer', grants: [] });
    expect(session.accountId).not.toBe(earlier.id);
  });

  it('refuses a bad provider with a problem naming the field, in Swedish and English, and stores nothing', async () => {
    const cert = issueCertificate({ commonName: 'IdP', usage: 'signing' }).cert;
    const saml = { id: 'ny-saml', kind: 'saml', name: { sv: 'SAML', en: 'SAML' }, entityId: 'https://adfs.example.se/adfs/services/trust', ssoUrl: 'https://adfs.example.se/adfs/ls/', signingCerts: [cert] };
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ ...storedOidc(), id: 'Ekdala Entra' }, 'id'],
      [{ ...storedOidc(), id: DEMO_STAFF_OIDC_PROVIDER }, 'id', 409],
      [{ ...storedOidc() }, 'id', 409],
      [{ ...storedOidc(), id: 'ny', kind: 'ldap' }, 'kind'],
      [{ ...storedOidc(), id: 'ny', name: { sv: 'Ny' } }, 'name.en'],
      [{ ...storedOidc(), id: 'ny', issuer: 'http://login.example.se' }, 'issuer'],
      [{ ...storedOidc(), id: 'ny', issuer: 'https://login.example.se/?tenant=x' }, 'issuer'],
      [{ ...storedOidc(), id: 'ny', issuer: 'inte en adress' }, 'issuer'],
      [{ ...storedOidc(), id: 'ny', clientId: ' ' }, 'clientId'],
      [{ ...storedOidc(), id: 'ny', clientSecret: undefined }, 'clientSecret'],
      [{ ...storedOidc(), id: 'ny', clientSecret: 'x'.repeat(1001) }, 'clientSecret'],
      [{ ...storedOidc(), id: 'ny', entityId: 'https://x' }, 'entityId'],
      [{ ...saml, ssoUrl: 'http://adfs.example.se/adfs/ls/' }, 'ssoUrl'],
      [{ ...saml, logoutUrl: 'http://adfs.example.se/adfs/ls/?wa=wsignout1.0' }, 'logoutUrl'],
      [{ ...saml, logoutUrl: 'inte en adress' }, 'logoutUrl'],
      [{ id: 'ny-saml', kind: 'saml', name: saml.name, metadataXml: '<x/>', logoutUrl: 'https://adfs.example.se/adfs/ls/' }, 'logoutUrl'],
      [{ ...saml, signingCerts: ['-----BEGIN CERTIFICATE-----\nnej\n-----END CERTIFICATE-----'] }, 'signingCerts.0'],
      [{ ...saml, signingCerts: [] }, 'signingCerts'],
      [{ ...saml, nameIdFormat: 'persistent' }, 'nameIdFormat'],
      [{ ...saml, attributes: { roles: 'x' } }, 'attributes.roles'],
      [{ id: 'ny-saml', kind: 'saml', name: saml.name, metadataXml: '<!DOCTYPE x><x/>' }, 'metadataXml'],
      [{ ...saml, metadataXml: '<x/>' }, 'entityId'],
    ];
    const before = await storedCount();
    for (const [body, field, status = 422] of cases) {
      const { status: answered, body: problem, headers } = await call(app.baseUrl, 'POST', PROVIDERS, body);
      expect(answered, JSON.stringify(body)).toBe(status);
      expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem.field, JSON.stringify(problem)).toBe(field);
      expect(problem.messages.sv.detail).toBeTruthy();
      expect(problem.messages.en.detail).toBeTruthy();
      expect(problem.messages.sv.detail).not.toBe(problem.messages.en.detail);
    }
    expect(await storedCount()).toBe(before);
  });

  it('replaces a stored provider: the secret is kept unless a new one comes, and the change holds from the next login', async () => {
    const { clientSecret: _left, ...withoutSecret } = { ...storedOidc(), name: { sv: 'Ekdala (Entra ID)', en: 'Ekdala (Entra ID)' } };
    const sealedBefore = await storedSecret();
    const renamed = await call(app.baseUrl, 'PUT', `${PROVIDERS}/${STORED}`, withoutSecret);
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toEqual({ sv: 'Ekdala (Entra ID)', en: 'Ekdala (Entra ID)' });
    expect(await storedSecret()).toBe(sealedBefore);
    expect((await lastAudit('identity-provider.replaced')).details).toMatchObject({ changed: ['name'], clientSecretReplaced: false });

    // a wrong secret: the provider refuses our token request at the next login
    expect((await call(app.baseUrl, 'PUT', `${PROVIDERS}/${STORED}`, { ...withoutSecret, clientSecret: 'fel-hemlighet' })).status).toBe(200);
    const audited = await lastAudit('identity-provider.replaced');
    expect(audited.details).toMatchObject({ changed: [], clientSecretReplaced: true });
    expect(JSON.stringify(audited)).not.toContain('fel-hemlighet');
    const refused = await logIn(new OidcTestBrowser(), 'ekdala-designer-1');
    expect(refused.status).toBe(401);
    expect(await refusalCode(refused)).toBe('oidc-response-invalid');
    // the right one again, and logins work
    expect((await call(app.baseUrl, 'PUT', `${PROVIDERS}/${STORED}`, storedOidc())).status).toBe(200);
    expect(await sessionAfterLogin('ekdala-designer-1')).toMatchObject({ method: `oidc:${STORED}` });
    // a secret in the clear (as stored before sealing) does not open: the login says what to do
    const sealed = await storedSecret();
    const setStoredSecret = (value: string | null) => app.database.db.updateTable('staff_identity_providers').set({ client_secret: value }).where('id', '=', STORED).execute();
    await setStoredSecret(secret());
    const unreadable = await fetch(`${app.baseUrl}/api/staff/login/oidc/${STORED}/start`, { redirect: 'manual' });
    expect(unreadable.status).toBe(503);
    expect(await unreadable.json()).toMatchObject({ code: 'client-secret-unreadable' });
    await setStoredSecret(sealed);

    // another issuer under the same id could name any subject, and so take over the accounts: refused
    expect((await call(app.baseUrl, 'PUT', `${PROVIDERS}/${STORED}`, { ...storedOidc(), issuer: 'https://login.annan.example.se' })).body).toMatchObject({ status: 422, field: 'issuer' });
    expect((await call(app.baseUrl, 'PUT', `${PROVIDERS}/${STORED}`, { ...storedOidc(), id: 'annat' })).body).toMatchObject({ status: 422, field: 'id' });
    expect((await call(app.baseUrl, 'PUT', `${PROVIDERS}/${STORED}`, { ...storedOidc(), kind: 'saml' })).body).toMatchObject({ status: 422, field: 'kind' });
    expect((await call(app.baseUrl, 'PUT', `${PROVIDERS}/finns-inte`, storedOidc())).status).toBe(404);
  });

  it('stores a SAML IdP from its metadata, which logins go through at once', async () => {
    const metadataXml = await (await fetch(`${samlSimulator.url}/metadata`)).text();
    const created = await call(app.baseUrl, 'POST', PROVIDERS, { id: STORED_SAML, kind: 'saml', name: { sv: 'Ekdala AD FS', en: 'Ekdala AD FS' }, metadataXml });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'saml',
      entityId: samlSimulator.config.entityId,
      ssoUrl: samlSimulator.config.ssoUrl,
      sloUrl: samlSimulator.config.sloUrl,
      signingCerts: [expect.stringContaining('BEGIN CERTIFICATE')],
      spMetadataUrl: staffSamlEndpoints(app.baseUrl, STORED_SAML).metadata,
      acsUrl: staffSamlEndpoints(app.baseUrl, STORED_SAML).acs,
    });
    expect(await loginMethods()).toContainEqual({ id: `saml:${STORED_SAML}`, kind: 'saml', name: { sv: 'Ekdala AD FS', en: 'Ekdala AD FS' }, startPath: `/api/staff/login/saml/${STORED_SAML}/start` });

    const browser = new CookieBrowser();
    const started = await browser.fetch(`${app.baseUrl}/api/staff/login/saml/${STORED_SAML}/start`);
    expect(started.status).toBe(302);
    const location = new URL(started.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(samlSimulator.config.ssoUrl);
    const requestId = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8'))![1]!;
    const issued = await samlSimulator.issueResponse({ inResponseTo: requestId, person: samlSimulator.persons[0]! });
    const arrived = await browser.postForm(staffSamlEndpoints(app.baseUrl, STORED_SAML).acs, { SAMLResponse: issued.samlResponse });
    expect(arrived.status).toBe(303);
    const session = (await (await browser.fetch(`${app.baseUrl}/api/staff/session`)).json()) as { csrfToken: string };
    expect(session).toMatchObject({ authenticated: true, method: `saml:${STORED_SAML}`, displayName: samlSimulator.persons[0]!.displayName });
    // logging out goes on to the SingleLogoutService its metadata named
    const logout = await browser.fetch(`${app.baseUrl}/api/staff/session/logout`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-staff-csrf-token': session.csrfToken } });
    const logoutRequest = new URL(((await logout.json()) as { redirectUrl: string }).redirectUrl);
    expect(`${logoutRequest.origin}${logoutRequest.pathname}`).toBe(samlSimulator.config.sloUrl);
  });

  it('takes a SAML IdP’s single logout URL field by field, where logging out then goes on to', async () => {
    const { entityId, ssoUrl, sloUrl, signingCerts } = samlSimulator.config;
    const id = STORED_SAML;
    const body = { kind: 'saml', name: { sv: 'Ekdala AD FS', en: 'Ekdala AD FS' }, entityId, ssoUrl, signingCerts };
    // the provider stored from its metadata above, now given field by field; the simulator's
    // addresses are plain http on this machine, which is allowed as for the other URLs
    const replaced = await call(app.baseUrl, 'PUT', `${PROVIDERS}/${id}`, { ...body, logoutUrl: sloUrl });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ kind: 'saml', entityId, ssoUrl, sloUrl });

    const browser = new CookieBrowser();
    const logInAndOut = async () => {
      const started = await browser.fetch(`${app.baseUrl}/api/staff/login/saml/${id}/start`);
      const location = new URL(started.headers.get('location')!);
      const requestId = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8'))![1]!;
      const issued = await samlSimulator.issueResponse({ inResponseTo: requestId, person: samlSimulator.persons[0]! });
      expect((await browser.postForm(staffSamlEndpoints(app.baseUrl, id).acs, { SAMLResponse: issued.samlResponse })).status).toBe(303);
      const { csrfToken } = (await (await browser.fetch(`${app.baseUrl}/api/staff/session`)).json()) as { csrfToken: string };
      const logout = await browser.fetch(`${app.baseUrl}/api/staff/session/logout`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-staff-csrf-token': csrfToken } });
      return ((await logout.json()) as { redirectUrl: string }).redirectUrl;
    };
    const logoutRequest = new URL(await logInAndOut());
    expect(`${logoutRequest.origin}${logoutRequest.pathname}`).toBe(sloUrl);
    expect(logoutRequest.searchParams.get('SAMLRequest')).toBeTruthy();

    // without it, logging out stays on the platform
    const without = await call(app.baseUrl, 'PUT', `${PROVIDERS}/${id}`, body);
    expect(without.status).toBe(200);
    expect(without.body).not.toHaveProperty('sloUrl');
    expect(await logInAndOut()).toBe('/admin/logga-in?utloggad=1');
  });
});

describe('group mappings for municipality administrators', () => {
  const as = (who: StaffSignIn) => who.headers;
  const mappingCount = async () => (await app.database.db.selectFrom('staff_group_mappings').select('id').execute()).length;

  it('maps a provider’s group to a role in the municipality: the next login through it gets the role, and loses it when the mapping goes', async () => {
    const list = await call(app.baseUrl, 'GET', MAPPINGS, undefined, as(ekdalaAdmin));
    expect(list.status).toBe(200);
    expect(list.body.providers).toContainEqual({ provider: `oidc:${STORED}`, kind: 'oidc', name: expect.any(Object), inEffect: true });
    expect(list.body.providers).toContainEqual(expect.objectContaining({ provider: `oidc:${DEMO_STAFF_OIDC_PROVIDER}` }));
    // the demo's mappings of Ekdala, none of Solbacka's
    expect(list.body.items.every((m: { provider: string }) => m.provider === `oidc:${DEMO_STAFF_OIDC_PROVIDER}`)).toBe(true);
    expect(list.body.items).not.toContainEqual(expect.objectContaining({ group: 'etjanst-solbacka-admin' }));

    const created = await call(app.baseUrl, 'POST', MAPPINGS, { provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'designer', departmentId: 'stadsbyggnad' }, as(ekdalaAdmin));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'designer', departmentId: 'stadsbyggnad' });
    expect(await lastAudit('group-mapping.created')).toMatchObject({ municipality_id: 'ekdala', actor: `staff:${ekdalaAdmin.accountId} (Ebba Ekdala)`, subject_id: created.body.id, details: { provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'designer', departmentId: 'stadsbyggnad' } });
    expect((await sessionAfterLogin('ekdala-designer-1')).grants).toEqual([{ role: 'designer', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' }]);

    // the same group now makes the person an approver instead
    expect((await call(app.baseUrl, 'DELETE', `${MAPPINGS}/${created.body.id}`, undefined, as(ekdalaAdmin))).status).toBe(204);
    expect(await lastAudit('group-mapping.deleted')).toMatchObject({ municipality_id: 'ekdala', subject_id: created.body.id, details: { role: 'designer' } });
    const approver = await call(app.baseUrl, 'POST', MAPPINGS, { provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'approver', departmentId: 'stadsbyggnad' }, as(ekdalaAdmin));
    expect(approver.status).toBe(201);
    expect((await sessionAfterLogin('ekdala-designer-1')).grants).toEqual([{ role: 'approver', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' }]);
    expect((await call(app.baseUrl, 'GET', MAPPINGS, undefined, as(ekdalaAdmin))).body.items).toContainEqual(approver.body);
  });

  it('refuses unknown providers and roles, scopes outside the municipality and duplicates, naming the field, and changes nothing', async () => {
    await app.database.db.insertInto('departments').values({ municipality_id: 'solbacka', id: 'bara-solbacka', name: { sv: 'Bara Solbacka', en: 'Solbacka only' } }).execute();
    const good = { provider: `oidc:${STORED}`, group: 'etjanst-ekdala-statistik', role: 'statistics-reader' };
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ ...good, provider: 'oidc:finns-inte' }, 'provider'],
      [{ ...good, provider: STORED }, 'provider'],
      [{ ...good, role: 'kejsare' }, 'role'],
      [{ ...good, role: 'platform-admin' }, 'role'],
      [{ ...good, role: 'handler', departmentId: 'bara-solbacka' }, 'departmentId'],
      [{ ...good, departmentId: 'stadsbyggnad' }, 'departmentId'],
      [{ ...good, municipalityId: 'solbacka' }, 'municipalityId'],
      [{ ...good, group: ' ' }, 'group'],
      [{ ...good, group: 'g'.repeat(257) }, 'group'],
      [{ provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'approver', departmentId: 'stadsbyggnad' }, 'group', 409],
    ];
    const before = await mappingCount();
    for (const [body, field, status = 422] of cases) {
      const { status: answered, body: problem } = await call(app.baseUrl, 'POST', MAPPINGS, body, { ...as(ekdalaAdmin), 'accept-language': 'en' });
      expect(answered, JSON.stringify(body)).toBe(status);
      expect(problem.field, JSON.stringify(problem)).toBe(field);
      expect(problem.messages.sv.detail).not.toBe(problem.messages.en.detail);
    }
    expect(await mappingCount()).toBe(before);
    // another municipality's administrator sees and changes none of Ekdala's
    const mapping = (await call(app.baseUrl, 'GET', MAPPINGS, undefined, as(ekdalaAdmin))).body.items[0];
    expect((await call(app.baseUrl, 'GET', MAPPINGS, undefined, as(solbackaAdmin))).status).toBe(403);
    expect((await call(app.baseUrl, 'DELETE', `${MAPPINGS}/${mapping.id}`, undefined, as(solbackaAdmin))).status).toBe(403);
    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/group-mappings/${mapping.id}`, undefined, as(solbackaAdmin))).status).toBe(404);
    expect(await mappingCount()).toBe(before);
  });

  it('maps a group to the platform administrator role for platform administrators only, apart from every municipality', async () => {
    const PLATFORM_MAPPINGS = '/api/staff/group-mappings';
    const listed = await call(app.baseUrl, 'GET', PLATFORM_MAPPINGS);
    expect(listed.status).toBe(200);
    expect(listed.body.items.every((m: GroupMapping) => m.role === 'platform-admin' && m.departmentId === null)).toBe(true);
    expect(listed.body.providers).toContainEqual(expect.objectContaining({ provider: `oidc:${STORED}` }));
    const before = await mappingCount();
    // a municipality administrator is no platform administrator; and here only that role is given
    expect((await call(app.baseUrl, 'GET', PLATFORM_MAPPINGS, undefined, as(ekdalaAdmin))).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', PLATFORM_MAPPINGS, { provider: `oidc:${STORED}`, group: DESIGNER_GROUP }, as(ekdalaAdmin))).status).toBe(403);
    for (const [body, field] of [
      [{ provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'designer' }, 'role'],
      [{ provider: `oidc:${STORED}`, group: DESIGNER_GROUP, departmentId: 'stadsbyggnad' }, 'departmentId'],
      [{ provider: 'oidc:finns-inte', group: DESIGNER_GROUP }, 'provider'],
      [{ provider: `oidc:${STORED}`, group: '' }, 'group'],
    ] as const) {
      const refused = await call(app.baseUrl, 'POST', PLATFORM_MAPPINGS, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.field).toBe(field);
    }
    expect(await mappingCount()).toBe(before);

    const created = await call(app.baseUrl, 'POST', PLATFORM_MAPPINGS, { provider: `oidc:${STORED}`, group: DESIGNER_GROUP });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'platform-admin', departmentId: null });
    expect(await lastAudit('group-mapping.created')).toMatchObject({ municipality_id: null, subject_id: created.body.id, details: { role: 'platform-admin' } });
    expect((await call(app.baseUrl, 'POST', PLATFORM_MAPPINGS, { provider: `oidc:${STORED}`, group: DESIGNER_GROUP, role: 'platform-admin' })).status).toBe(409);
    // not among the municipality's mappings, and not removable through them
    expect((await call(app.baseUrl, 'GET', MAPPINGS, undefined, as(ekdalaAdmin))).body.items).not.toContainEqual(expect.objectContaining({ id: created.body.id }));
    expect((await call(app.baseUrl, 'DELETE', `${MAPPINGS}/${created.body.id}`, undefined, as(ekdalaAdmin))).status).toBe(404);
    expect((await sessionAfterLogin('ekdala-designer-1')).grants).toContainEqual({ role: 'platform-admin', municipalityId: null, departmentId: null });

    expect((await call(app.baseUrl, 'DELETE', `${PLATFORM_MAPPINGS}/${created.body.id}`)).status).toBe(204);
    expect(await lastAudit('group-mapping.deleted')).toMatchObject({ municipality_id: null, subject_id: created.body.id });
    expect((await sessionAfterLogin('ekdala-designer-1')).grants).not.toContainEqual(expect.objectContaining({ role: 'platform-admin' }));
    expect(await mappingCount()).toBe(before);
  });

  it('goes with its provider: removing a stored provider ends its logins and sessions, and removes its mappings and the roles they gave', async () => {
    const method = `oidc:${STORED}`;
    const rows = (table: 'staff_group_mappings' | 'staff_logins') => app.database.db.selectFrom(table).select('provider').where('provider', '=', method).execute();
    const groupGrants = () => app.database.db.selectFrom('staff_role_grants').select('id').where('granted_by', '=', method).execute();
    const browser = new OidcTestBrowser();
    expect((await logIn(browser, 'ekdala-designer-1')).status).toBe(303);
    expect(await rows('staff_group_mappings')).toHaveLength(1);
    expect(await rows('staff_logins')).toHaveLength(1);
    expect(await groupGrants()).toHaveLength(1);

    expect((await call(app.baseUrl, 'DELETE', `${PROVIDERS}/${STORED}`)).status).toBe(204);
    expect(await rows('staff_group_mappings')).toHaveLength(0);
    // no account stays tied to the id: a provider added later under it starts afresh
    expect(await rows('staff_logins')).toHaveLength(0);
    expect(await groupGrants()).toHaveLength(0);
    expect((await call(app.baseUrl, 'GET', '/api/staff/session', undefined, { cookie: browser.staffCookie! })).body).toMatchObject({ authenticated: false });
    expect(await lastAudit('identity-provider.deleted')).toMatchObject({ municipality_id: null, subject_id: method, details: { kind: 'oidc', groupMappingsRemoved: 1, loginsUnlinked: 1, sessionsEnded: expect.any(Number) } });
    expect((await loginMethods()).map((m) => m.id)).not.toContain(`oidc:${STORED}`);
    expect((await fetch(`${app.baseUrl}/api/staff/login/oidc/${STORED}/start`, { redirect: 'manual' })).status).toBe(404);
    expect((await call(app.baseUrl, 'DELETE', `${PROVIDERS}/${STORED}`)).status).toBe(404);
  });
});
