import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultReport } from '@etjanst/schemas';
import { closeSharedBrowser } from '../checks/browser.js';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

/**
 * SK-GDPR-005 by the domains the municipality's administrator declared: a vendor's delivery that
 * names the vendor as the e-service's contact no longer e-mails personal data to the vendor.
 */
const domains = '/api/municipalities/solbacka/mail-domains';
const eservices = '/api/municipalities/solbacka/eservices';

describe(`a municipality's own e-mail domains (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await app?.close();
  });

  it('refuses a malformed domain at its line, in Swedish and English, and keeps the list as it was', async () => {
    const refused = await call(app.baseUrl, 'PUT', domains, { domains: ['solbacka.example.se', 'registrator@solbacka.example.se'] });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'mail-domain-invalid', field: 'domains.1', messages: { sv: { detail: expect.stringContaining('nummer 2') }, en: { detail: expect.stringContaining('number 2') } } });
    expect((await call(app.baseUrl, 'PUT', domains, { domains: Array.from({ length: 21 }, (_, i) => `d${i}.example.se`) })).status).toBe(422);
    expect((await call(app.baseUrl, 'GET', domains)).body).toEqual({ domains: [] });
  });

  it('keeps the list normalised and audited, and refuses publishing e-mail of personal data outside it', async () => {
    const saved = await call(app.baseUrl, 'PUT', domains, { domains: [' Solbacka.Example.SE. ', '@solbacka-vatten.example.se', 'solbacka.example.se'] });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ domains: ['solbacka-vatten.example.se', 'solbacka.example.se'] });
    expect((await call(app.baseUrl, 'GET', domains)).body).toEqual(saved.body);
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'municipality.mail-domains-changed').execute();
    expect(audit).toEqual([{ action: 'municipality.mail-domains-changed', details: { before: [], after: ['solbacka-vatten.example.se', 'solbacka.example.se'] } }]);

    // a vendor's delivery: the vendor as contact, its own inbox as the recipient
    const definition = structuredClone(templateFor(faultReport, 'solbacka'));
    definition.id = 'felanmalan-leverantor';
    definition.owner.contact.email = 'support@gatuservice-ab.example.com';
    definition.delivery.connectors = [{ id: 'leverantoren', type: 'email', options: { to: 'felanmalan@gatuservice-ab.example.com' } }];
    expect((await call(app.baseUrl, 'POST', eservices, definition)).status).toBe(201);
    const refused = await call(app.baseUrl, 'POST', `${eservices}/${definition.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.failedRules).toEqual([
      expect.objectContaining({
        id: 'SK-GDPR-005',
        findings: [
          expect.objectContaining({
            pointer: '/delivery/connectors/0/options/to',
            message: {
              sv: 'Mottagaren ”leverantoren” skickar personuppgifter med e-post till felanmalan@gatuservice-ab.example.com, utanför kommunens domäner solbacka-vatten.example.se, solbacka.example.se.',
              en: "The connector “leverantoren” e-mails personal data to felanmalan@gatuservice-ab.example.com, outside the municipality's domains solbacka-vatten.example.se, solbacka.example.se.",
            },
          }),
        ],
      }),
    ]);
    expect((await call(app.baseUrl, 'GET', `${eservices}/${definition.id}/versions`)).body.items).toEqual([]);
  });
});
