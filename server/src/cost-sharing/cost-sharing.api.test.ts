import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseChannel, SubmissionState } from '../db/tables.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

/**
 * The e-office's usage report and cost split on seeded rows whose figures are worked out by hand
 * below. The demo municipalities: Solbacka and Ekdala, both with every template published.
 */
describe(`cost sharing (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let receipt = 0;
  const submission = async (municipalityId: string, eserviceId: string, submittedAt: string, channel: CaseChannel = 'digital', state: SubmissionState = 'submitted') => {
    receipt += 1;
    const row = await app.database.db
      .insertInto('submissions')
      .values({ municipality_id: municipalityId, eservice_id: eserviceId, version: 1, receipt_number: `T-${receipt}`, answers: {}, language: 'sv', submitted_at: new Date(submittedAt), applicant_personal_identity_number: null, applicant_name: null, identity_method: null, loa: null, organisation_number: null, state, channel })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const delivery = (municipalityId: string, submissionId: string, deliveredAt: string, connectorId = 'arendesystem', state: 'delivered' | 'dead' = 'delivered') =>
    app.database.db
      .insertInto('deliveries')
      .values({ municipality_id: municipalityId, submission_id: submissionId, eservice_id: 'felanmalan', connector_id: connectorId, connector_type: connectorId === '@receipt' ? 'receipt-email' : 'email', idempotency_key: randomUUID(), state, delivered_at: state === 'delivered' ? new Date(deliveredAt) : null })
      .execute();
  const attachment = (municipalityId: string, submissionId: string | null, size: number) =>
    app.database.db
      .insertInto('attachments')
      .values({ municipality_id: municipalityId, eservice_id: 'felanmalan', version: 1, field_path: 'photos', owner_personal_identity_number: null, owner_token_hash: 'x', original_name: 'a.png', media_type: 'image/png', size, sha256: 'x', bytes: new Uint8Array([1]), submission_id: submissionId, created_at: new Date('2025-03-01T10:00:00Z') } as never)
      .execute();

  beforeAll(async () => {
    app = await startTestApp();
    // Solbacka in 2025: three digital submissions (two e-services), one paper case; outside the
    // count: one from 2024, one awaiting its signature
    const s1 = await submission('solbacka', 'felanmalan', '2025-02-01T10:00:00Z');
    const s2 = await submission('solbacka', 'felanmalan', '2025-06-01T10:00:00Z');
    await submission('solbacka', 'forskoleplats', '2025-12-31T22:30:00Z'); // 23:30 on New Year's Eve in Sweden: still 2025
    await submission('solbacka', 'felanmalan', '2025-07-01T10:00:00Z', 'paper');
    await submission('solbacka', 'felanmalan', '2024-12-31T22:30:00Z'); // 2024-12-31 23:30 in Sweden
    await submission('solbacka', 'felanmalan', '2025-05-01T10:00:00Z', 'digital', 'awaiting-signature');
    // Ekdala in 2025: one digital submission
    const e1 = await submission('ekdala', 'felanmalan', '2025-04-01T10:00:00Z');
    // deliveries: Solbacka two (its receipt e-mail and a dead one not counted), Ekdala two
    await delivery('solbacka', s1, '2025-02-01T10:01:00Z');
    await delivery('solbacka', s2, '2025-06-01T10:01:00Z');
    await delivery('solbacka', s1, '2025-02-01T10:01:00Z', '@receipt');
    await delivery('solbacka', s2, '', 'arkiv', 'dead');
    await delivery('ekdala', e1, '2025-04-01T10:01:00Z');
    await delivery('ekdala', e1, '2025-04-01T10:02:00Z', 'arkiv');
    // stored attachments: Solbacka 3000 bytes, Ekdala 1000; an upload never sent is not counted
    await attachment('solbacka', s1, 1000);
    await attachment('solbacka', s2, 2000);
    await attachment('ekdala', e1, 1000);
    await attachment('ekdala', null, 5000);
  });
  afterAll(async () => {
    await app?.close();
  });

  const period = 'from=2025-01-01&to=2025-12-31';

  it('reports each municipality’s use in the period', async () => {
    const response = await call(app.baseUrl, 'GET', `/api/cost-sharing/usage?${period}`);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { id: 'ekdala', name: { sv: 'Ekdala kommun', en: 'Ekdala Municipality' }, inhabitants: null, usage: { submissions: 1, eservicesInUse: 1, inboxCases: 1, deliveries: 2, attachmentBytes: 1000 } },
      { id: 'solbacka', name: { sv: 'Solbacka kommun', en: 'Solbacka Municipality' }, inhabitants: null, usage: { submissions: 3, eservicesInUse: 2, inboxCases: 4, deliveries: 2, attachmentBytes: 3000 } },
    ]);
  });

  it('refuses a split by inhabitants until every municipality has them, then splits to the öre', async () => {
    const missing = await call(app.baseUrl, 'GET', `/api/cost-sharing/split?${period}&total=1000,01&by=inhabitants`);
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'inhabitants-missing', municipalities: ['ekdala', 'solbacka'] });
    expect((await call(app.baseUrl, 'PUT', '/api/cost-sharing/inhabitants/solbacka', { inhabitants: 30_000 })).status).toBe(200);
    expect((await call(app.baseUrl, 'PUT', '/api/cost-sharing/inhabitants/ekdala', { inhabitants: 10_000 })).status).toBe(200);
    expect((await call(app.baseUrl, 'PUT', '/api/cost-sharing/inhabitants/ekdala', { inhabitants: -1 })).status).toBe(422);

    // 100 001 öre by 1:3 is 25 000.25 and 75 000.75: the öre left goes to the larger fraction, Solbacka's
    const split = await call(app.baseUrl, 'GET', `/api/cost-sharing/split?${period}&total=${encodeURIComponent('1 000,01')}&by=inhabitants`);
    expect(split.status).toBe(200);
    expect(split.body.total).toBe(100_001);
    expect(split.body.rows.map((r: any) => [r.id, r.amount, r.amountText])).toEqual([
      ['ekdala', 25_000, '250,00'],
      ['solbacka', 75_001, '750,01'],
    ]);
  });

  it('splits by a stated weighting of use, the same in JSON and CSV', async () => {
    // submissions 2, deliveries 1, attachment bytes 1:
    //   Solbacka 2·3/4 + 1·2/4 + 1·3000/4000 = 2.75; Ekdala 2·1/4 + 1·2/4 + 1·1000/4000 = 1.25 (of 4)
    //   99 999 öre: Solbacka 68 749.3125, Ekdala 31 249.6875; the öre left goes to Ekdala
    const query = `${period}&total=999,99&by=use&weights=${encodeURIComponent('submissions:2,deliveries:1,attachmentBytes:1')}`;
    const split = await call(app.baseUrl, 'GET', `/api/cost-sharing/split?${query}`);
    expect(split.status).toBe(200);
    expect(split.body.weighting).toEqual({ submissions: 2, eservicesInUse: 0, inboxCases: 0, deliveries: 1, attachmentBytes: 1 });
    expect(split.body.rows.map((r: any) => [r.id, r.weight, r.percent, r.amount])).toEqual([
      ['ekdala', 1.25, 31.25, 31_250],
      ['solbacka', 2.75, 68.75, 68_749],
    ]);

    const csv = await fetch(`${app.baseUrl}/api/cost-sharing/split.csv?${query}`, { headers: { ...app.administrator.headers, 'accept-language': 'sv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      'Kommun;Id;Invånare;Inskickade e-ärenden;E-tjänster i bruk;Ärenden i inkorgarna;Leveranser;Lagrade bilagor (byte);Andel (%);Belopp (kr)',
      'Ekdala kommun;ekdala;10000;1;1;1;2;1000;31,25;312,50',
      'Solbacka kommun;solbacka;30000;3;2;4;2;3000;68,75;687,49',
      'Summa;;;4;3;5;4;4000;100,00;999,99',
      '',
      'Period;2025-01-01 – 2025-12-31',
      'Fördelning;efter användning, viktning submissions:2, eservicesInUse:0, inboxCases:0, deliveries:1, attachmentBytes:1',
      '',
    ]);
  });

  it('refuses a total that is no amount and an unknown measure', async () => {
    expect((await call(app.baseUrl, 'GET', `/api/cost-sharing/split?${period}&total=mycket&by=use`)).body.code).toBe('total-invalid');
    expect((await call(app.baseUrl, 'GET', `/api/cost-sharing/split?${period}&total=100&by=use&weights=visits:1`)).body.code).toBe('weighting-invalid');
  });
});
