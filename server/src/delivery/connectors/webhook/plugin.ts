import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { bilingual, optionTexts } from '@etjanst/schemas';
import { fetchTarget, PermanentDeliveryError, requireSuccess, type ConnectorContext, type ConnectorPlugin } from '../../connector.js';
import type { DeliveryPackage } from '../../package.js';
import { attachmentToken, SIGNATURE_HEADER, signWebhook } from '../../signatures.js';

export const WebhookOptions = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      pattern: '^https?://',
      ...optionTexts({ title: bilingual('Mottagarens adress (URL)', 'Receiver URL'), description: bilingual('Tar emot en POST med ärendet som JSON', 'Receives a POST with the submission as JSON') }),
    }),
  },
  { additionalProperties: false },
);

/** The secrets to sign with (the new and, during a rotation's overlap, the old); a permanent failure without any. */
async function secretsOf(context: ConnectorContext): Promise<string[]> {
  if (!context.settings.secret) throw new PermanentDeliveryError('DELIVERY_SECRET is not configured: webhooks cannot be signed');
  const secrets = await context.signingSecrets();
  if (secrets.length === 0) throw new PermanentDeliveryError(`connector "${context.connectorId}" has no signing secret: an administrator creates one with rotate-secret`);
  return secrets;
}

/** The JSON a receiver gets: the submission, its definition version and signed, expiring links to its attachments. */
export function webhookBody(delivery: DeliveryPackage, context: ConnectorContext, now = new Date()): Record<string, unknown> {
  const { submission, definition } = delivery.source;
  const secret = context.settings.secret!;
  const expires = Math.floor(now.getTime() / 1000) + context.settings.linkSeconds;
  return {
    type: 'submission',
    idempotencyKey: delivery.idempotencyKey,
    municipalityId: submission.municipality_id,
    eserviceId: submission.eservice_id,
    definitionVersion: { eserviceId: submission.eservice_id, version: submission.version, id: `${submission.eservice_id}@${submission.version}`, formatVersion: definition.formatVersion },
    submission: {
      id: submission.id,
      receiptNumber: submission.receipt_number,
      submittedAt: submission.submitted_at.toISOString(),
      language: submission.language,
      applicant: submission.applicant_personal_identity_number
        ? { personalIdentityNumber: submission.applicant_personal_identity_number, name: submission.applicant_name, loa: submission.loa, method: submission.identity_method }
        : null,
      organisationNumber: submission.organisation_number,
      answers: submission.answers,
    },
    attachments: delivery.attachments.map((a) => ({
      id: a.id,
      field: a.fieldPath,
      name: a.originalName,
      mediaType: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      url: `${context.settings.publicUrl}/api/delivery/attachments/${attachmentToken(secret, { municipalityId: submission.municipality_id, attachmentId: a.id, expires })}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    })),
  };
}

/** Every request is unique (its own id and time), so a receiver can refuse a signature it has seen: only a replay repeats one. */
async function post(url: string, payload: Record<string, unknown>, idempotencyKey: string, context: ConnectorContext): Promise<Response> {
  const secrets = await secretsOf(context);
  const body = JSON.stringify({ ...payload, requestId: randomUUID(), sentAt: new Date().toISOString() });
  return fetchTarget(context, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, [SIGNATURE_HEADER]: signWebhook(secrets, body) },
    body,
  });
}

/** Webhook: the submission as signed JSON; the receiver's 2xx counts as delivered. */
export const webhookConnector: ConnectorPlugin<typeof WebhookOptions> = {
  type: 'webhook',
  title: bilingual('Webhook (JSON, HMAC-signerad)', 'Webhook (JSON, HMAC-signed)'),
  optionsSchema: WebhookOptions,
  // meant for HTTPS to the municipality's own receiver; the signature guards integrity, TLS the content.
  // The URL option also takes http:// (local receivers), which this per-type declaration cannot tell apart.
  strictlyConfidential: 'allowed',
  signsWithSecret: true,
  async check(options, context) {
    const response = await post(options.url, { type: 'test', eserviceId: context.eserviceId, connectorId: context.connectorId, sentAt: new Date().toISOString() }, `test:${randomUUID()}`, context);
    await requireSuccess(response, options.url, context);
    return bilingual(`${options.url} svarade ${response.status} på en signerad testhändelse`, `${options.url} answered ${response.status} to a signed test event`);
  },
  async deliver(delivery, options, context) {
    await secretsOf(context);
    const response = await post(options.url, webhookBody(delivery, context), delivery.idempotencyKey, context);
    await requireSuccess(response, options.url, context);
    return { externalReference: response.headers.get('location') ?? `${response.status}` };
  },
};
