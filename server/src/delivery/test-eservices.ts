import { faultReport, type DeliveryConnector, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call } from '../test-support/app.js';

/** Valid answers to the fault report (and its copies below). */
export const FAULT_REPORT_ANSWERS = { category: 'lighting', location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.', wantsAnswer: false };

/**
 * Publishes a copy of Solbacka's fault report (no login, no signing) with its own id and
 * connectors, optionally with an attachment field `photos`; returns its submit path.
 */
export async function publishFaultReportWith(baseUrl: string, id: string, connectors: DeliveryConnector[], withPhotos = false): Promise<string> {
  return (await publishFaultReportWithSecrets(baseUrl, id, connectors, withPhotos)).submitPath;
}

/** The same, also returning the signing secrets (by connector id) that creating it showed once. */
export async function publishFaultReportWithSecrets(
  baseUrl: string,
  id: string,
  connectors: DeliveryConnector[],
  withPhotos = false,
): Promise<{ submitPath: string; signingSecrets: Record<string, string> }> {
  const definition: EServiceDefinition = { ...structuredClone(templateFor(faultReport, 'solbacka')), id, delivery: { connectors } };
  if (withPhotos) {
    (definition.form.schema.properties as Record<string, unknown>).photos = { type: 'array', items: { type: 'string', format: 'attachment-id' }, maxItems: 3 };
    definition.form.uiSchema.photos = { 'ui:options': { accept: ['application/pdf'], maxBytes: 5 * 1024 * 1024 } };
    definition.form.texts.photos = { label: { sv: 'Bilder', en: 'Photos' } };
    definition.form.steps.at(-1)!.fields.push('photos');
  }
  const eservices = '/api/municipalities/solbacka/eservices';
  const created = await call(baseUrl, 'POST', eservices, definition);
  if (created.status !== 201) throw new Error(`create ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await call(baseUrl, 'POST', `${eservices}/${id}/publish`);
  if (published.status !== 201) throw new Error(`publish ${id}: ${published.status} ${JSON.stringify(published.body)}`);
  return { submitPath: `${eservices}/${id}/versions/${published.body.version}/submissions`, signingSecrets: created.body.signingSecrets ?? {} };
}
