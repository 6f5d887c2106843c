import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultReport, type CheckReport, type DeliveryConnector, type EServiceDefinition } from '@etjanst/schemas';
import { closeSharedBrowser } from '../checks/browser.js';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { SMS_PACKAGE, smsPackage } from '../test-support/sms-extension.js';
import { loadExtensions } from './loader.js';

/**
 * The must-requirement SK-GDPR-003 with connectors from extension packages: each type's plugin
 * declares whether it may carry a strictly confidential e-service's cases, and the publish gate,
 * the check API and GET /api/connector-types go by that declaration.
 */
const eservices = '/api/municipalities/solbacka/eservices';

const strictlyConfidentialWith = (id: string, connectors: DeliveryConnector[]): EServiceDefinition => {
  const d = structuredClone(templateFor(faultReport, 'solbacka'));
  d.id = id;
  d.personalData.classification = 'strictly-confidential';
  // strictly confidential never without login (SK-GDPR-006)
  d.access = { login: 'eid', levelOfAssurance: 3, companyRepresentative: false };
  d.receipt.includeAnswers = false;
  d.delivery.connectors = connectors;
  return d;
};

const sms: DeliveryConnector = { id: 'jourtelefon', type: 'sms', options: { to: '+46701234567' } };
const chat: DeliveryConnector = { id: 'gatukontoret', type: 'chattnotis', options: { url: 'https://chatt.example.se/hooks/x7fq3kd9' } };
const archive: DeliveryConnector = { id: 'arkivet', type: 'e-archive', options: { folder: 'gata', schedule: 'per-submission' } };

const smsFinding = {
  pointer: '/delivery/connectors/0',
  message: {
    sv: 'Mottagaren ”jourtelefon” (typ ”sms”) får inte leverera ärenden från en e-tjänst som är klassad som strikt konfidentiell.',
    en: 'The connector “jourtelefon” (type “sms”) may not deliver the cases of an e-service classified strictly confidential.',
  },
  where: { sv: 'Mottagaren jourtelefon (Leverans)', en: 'Connector jourtelefon (Delivery)' },
};

describe(`strictly confidential e-services and extension connectors (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;

  beforeAll(async () => {
    // what main does at start with EXTENSIONS set: the shipped example and a municipality's own package
    await loadExtensions(['@etjanst/extension-chattnotis']);
    await loadExtensions([SMS_PACKAGE], smsPackage);
    app = await startTestApp();
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await app?.close();
  });

  it('lists whether each connector type may carry a strictly confidential e-service\'s cases', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/connector-types');
    expect(body.items.map((c: { type: string; strictlyConfidential: string }) => [c.type, c.strictlyConfidential])).toEqual([
      ['email', 'refused'],
      ['webhook', 'allowed'],
      ['case-management', 'allowed'],
      ['e-archive', 'allowed'],
      ['chattnotis', 'allowed'],
      ['sms', 'refused'],
    ]);
  });

  it('refuses to publish a strictly confidential e-service delivering through a type that refuses it (422, SK-GDPR-003 naming the connector)', async () => {
    const definition = strictlyConfidentialWith('felanmalan-sms', [sms]);
    expect((await call(app.baseUrl, 'POST', eservices, definition)).status).toBe(201);
    const refused = await call(app.baseUrl, 'POST', `${eservices}/${definition.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'must-requirements-failed', messages: { sv: { detail: expect.stringContaining('SK-GDPR-003') }, en: { detail: expect.stringContaining('SK-GDPR-003') } } });
    expect(refused.body.failedRules).toEqual([expect.objectContaining({ id: 'SK-GDPR-003', findings: [smsFinding] })]);
    // the problem's errors carry the pointer and message; the place in words is in failedRules
    const { where: _where, ...smsError } = smsFinding;
    expect(refused.body.errors).toEqual([{ ...smsError, code: 'SK-GDPR-003' }]);
    expect((await call(app.baseUrl, 'GET', `${eservices}/${definition.id}/versions`)).body.items).toEqual([]);

    // the check API's fast rules know the same types
    const fast = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition)).body as CheckReport;
    expect(fast.results.find((r) => r.id === 'SK-GDPR-003')).toMatchObject({ status: 'failed', findings: [smsFinding] });
  });

  it('publishes one delivering to the e-archive with the Chattnotis example beside it: it sends no answers', async () => {
    const definition = strictlyConfidentialWith('felanmalan-strikt', [archive, chat]);
    expect((await call(app.baseUrl, 'POST', eservices, definition)).status).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${eservices}/${definition.id}/publish`);
    expect(published.status).toBe(201);
    const stored = (await call(app.baseUrl, 'GET', `${eservices}/${definition.id}/versions/${published.body.version}/check`)).body as CheckReport;
    expect(stored.results.find((r) => r.id === 'SK-GDPR-003')).toMatchObject({ status: 'passed', findings: [] });
  });

  it('still refuses e-mail for it, and answers in the receipt e-mail', async () => {
    const definition = strictlyConfidentialWith('felanmalan-mejl', [archive, { id: 'kontaktcenter', type: 'email', options: { to: 'kontaktcenter@solbacka.example.se' } }]);
    definition.receipt.includeAnswers = true;
    const report = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition)).body as CheckReport;
    expect(report.results.find((r) => r.id === 'SK-GDPR-003')!.findings.map((f) => f.pointer)).toEqual(['/delivery/connectors/1', '/receipt/includeAnswers']);
  });
});
