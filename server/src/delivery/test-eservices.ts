import { faultReport, type DeliveryConnector, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call } from '../test-support/app.js';

/** Valid answers to the fault report (and its copies below). */
export const FAULT_REPORT_ANSWERS = { category: 'lighting', location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.', wantsAnswer: false };

/** Publishes a copy of Solbacka's fault report (no login, no signing) with its own id and connectors; returns its submit path. */
export async function publishFaultReportWith(baseUrl: string, id: string, connectors: DeliveryConnector[]): Promise<string> {
  const definition: EServiceDefinition = { ...structuredClone(templateFor(faultReport, 'solbacka')), id, delivery: { connectors } };
  const eservices = '/api/municipalities/solbacka/eservices';
  const created = await call(baseUrl, 'POST', eservices, definition);
  if (created.status !== 201) throw new Error(`create ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await call(baseUrl, 'POST', `${eservices}/${id}/publish`);
  if (published.status !== 201) throw new Error(`publish ${id}: ${published.status} ${JSON.stringify(published.body)}`);
  return `${eservices}/${id}/versions/${published.body.version}/submissions`;
}
