import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual, STRICTLY_CONFIDENTIAL_DELIVERY } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { findAttachment, openAttachmentContent } from '../attachments/repository.js';
import type { Database, DeliveryRow, DeliveryState } from '../db/tables.js';
import { getEService } from '../eservices/operations.js';
import { credential, staff } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { setDownloadHeaders } from '../http/file-download.js';
import { lockKeptSubmission, retentionCounts } from '../retention/submissions.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { overlapSecondsOf, rotationBodySchema } from '../http/secret-rotation.js';
import { PATH_PARAMETERS, json, jsonBody, list, localized, param, problems } from '../openapi/operations.js';
import { badRequest, conflict, notFound } from '../problems/problem.js';
import { requireRecentLogin } from '../staff/recent-login.js';
import type { StaffSessionSettings } from '../staff/sessions.js';
import { latestConnectorTests, sendTestDelivery } from './connector-tests.js';
import { deliverySecretMissing, rotateSecret, secretStates } from './connector-secrets.js';
import { optionsJsonSchema, type ConnectorRegistry } from './plugins.js';
import { deliveryAttempts, deliveryCounts, findDelivery, listDeliveries, requeueDelivery } from './repository.js';
import type { DeliverySettings } from './settings.js';
import { verifyAttachmentToken } from './signatures.js';

export interface DeliveryRouteOptions {
  registry: ConnectorRegistry;
  settings: DeliverySettings;
  logger: Logger;
  /** Asks the in-process worker (if any) to look for work now */
  nudge: () => void;
}

const STATES: readonly DeliveryState[] = ['pending', 'in-flight', 'delivered', 'dead'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const deliveryNotFound = (id: string) => notFound(bilingual(`Leveransen ”${id}”`, `The delivery “${id}”`));

const present = (d: DeliveryRow) => ({
  id: d.id,
  submissionId: d.submission_id,
  eserviceId: d.eservice_id,
  connectorId: d.connector_id,
  connectorType: d.connector_type,
  idempotencyKey: d.idempotency_key,
  state: d.state,
  attempts: d.attempts,
  nextAttemptAt: d.state === 'pending' ? d.next_attempt_at : null,
  lastError: d.last_error,
  externalReference: d.external_reference,
  createdAt: d.created_at,
  updatedAt: d.updated_at,
  deliveredAt: d.delivered_at,
});

function uuidParam(value: string, name: string): string {
  if (!UUID.test(value)) throw badRequest('invalid-parameter', bilingual(`”${name}” ska vara ett UUID.`, `“${name}” must be a UUID.`));
  return value;
}

const TAGS = ['delivery'];
const deliveryId = param('id', 'Delivery id (UUID)', { type: 'string', format: 'uuid' });
const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    submissionId: { type: 'string', format: 'uuid' },
    eserviceId: { type: 'string' },
    connectorId: { type: 'string', description: 'The connector of the version, or @receipt for the receipt e-mail to the applicant' },
    connectorType: { type: 'string', description: 'email, webhook, case-management, e-archive, an extension\'s type, receipt-email, case-news-email or co-sign-request-email' },
    idempotencyKey: { type: 'string', description: 'Sent with every attempt and replay; the target keeps one case per key' },
    state: { enum: ['pending', 'in-flight', 'delivered', 'dead'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'] },
    externalReference: { type: ['string', 'null'], description: 'Case number, message id or archive folder' },
  },
};

/** Mounted at /api/municipalities/:municipality/deliveries: the outbox for administrators (list, dead letters, inspect, replay). */
export function deliveryAdminRoutes({ nudge }: Pick<DeliveryRouteOptions, 'nudge'>): RouteDeclaration[] {
  const ADMIN = staff('municipality', 'municipality-admin');
  return [
    route(
      'get',
      '/',
      ADMIN,
      'Deliveries, newest first, with counts per state (?state=dead for the dead letters, ?submissionId= for one submission) and the retention figures',
      async (req, res) => {
        const { db, municipalityId } = tenantOf(res);
        const state = req.query.state === undefined ? undefined : String(req.query.state);
        if (state !== undefined && !STATES.includes(state as DeliveryState)) {
          throw badRequest('invalid-parameter', bilingual(`”state” ska vara en av ${STATES.join(', ')}.`, `“state” must be one of ${STATES.join(', ')}.`));
        }
        const submissionId = req.query.submissionId === undefined ? undefined : uuidParam(String(req.query.submissionId), 'submissionId');
        const [items, counts, retention] = await Promise.all([
          listDeliveries(db, municipalityId, { state: state as DeliveryState | undefined, submissionId }),
          deliveryCounts(db, municipalityId),
          retentionCounts(db, municipalityId),
        ]);
        res.json({ items: items.map(present), counts, retention });
      },
      {
        tags: TAGS,
        operation: {
          parameters: [PATH_PARAMETERS.municipality, { name: 'state', in: 'query', schema: { enum: STATES } }, { name: 'submissionId', in: 'query', schema: { type: 'string', format: 'uuid' } }],
          responses: {
            200: json({
              type: 'object',
              properties: {
                items: { type: 'array', items: deliverySchema },
                counts: { type: 'object' },
                retention: {
                  type: 'object',
                  description: 'Submissions anonymised after their e-service\'s retention period, and those past it still waiting (for a successful e-archive delivery, a case in handling, or the next hourly pass)',
                  properties: { anonymised: { type: 'integer' }, awaiting: { type: 'integer' } },
                },
              },
            }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
    ),

    route(
      'get',
      '/:id',
      ADMIN,
      'One delivery with every attempt',
      async (req, res) => {
        const { db, municipalityId } = tenantOf(res);
        const id = uuidParam(pathParam(req, 'id'), 'id');
        const delivery = await findDelivery(db, municipalityId, id);
        if (!delivery) throw deliveryNotFound(id);
        const attempts = await deliveryAttempts(db, municipalityId, id);
        res.json({ ...present(delivery), history: attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, error: a.error, at: a.finished_at })) });
      },
      { tags: TAGS, operation: { parameters: [PATH_PARAMETERS.municipality, deliveryId], responses: { 200: json(deliverySchema), ...problems(400, 401, 403, 404) } } },
    ),

    route(
      'post',
      '/:id/replay',
      ADMIN,
      'Queue a dead (or delivered) delivery again with the same idempotency key (not once the case is anonymised: 409)',
      async (req, res) => {
        const ctx = tenantOf(res);
        const id = uuidParam(pathParam(req, 'id'), 'id');
        const replayed = await ctx.db.transaction().execute(async (trx) => {
          const found = await findDelivery(trx, ctx.municipalityId, id);
          if (!found) throw deliveryNotFound(id);
          if (!(await lockKeptSubmission(trx, ctx.municipalityId, found.submission_id))) {
            throw conflict(
              'submission-anonymised',
              bilingual('Ärendet har avidentifierats efter e-tjänstens gallringsfrist och kan inte skickas om.', 'The case was anonymised after the e-service’s retention period and cannot be sent again.'),
            );
          }
          const row = await requeueDelivery(trx, ctx.municipalityId, id);
          if (row) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'delivery.replayed', subjectType: 'submission', subjectId: row.submission_id, details: { deliveryId: id, connectorId: row.connector_id } });
          return row;
        });
        if (!replayed) throw conflict('delivery-not-replayable', bilingual('Leveransen pågår redan och kan inte skickas om nu.', 'The delivery is already under way and cannot be replayed now.'));
        nudge();
        res.json(present(replayed));
      },
      { tags: TAGS, operation: { parameters: [PATH_PARAMETERS.municipality, deliveryId], responses: { 200: json(deliverySchema), ...problems(400, 401, 403, 404, 409) } } },
    ),
  ];
}

/**
 * Mounted at /api/connector-types: every connector the platform has, with its options schema (and
 * texts) for the designer's forms and whether it may carry a strictly confidential e-service's
 * cases, so the designer's SK-GDPR-003 judges as the publish gate does.
 */
export function connectorTypeRoutes(registry: ConnectorRegistry): RouteDeclaration[] {
  const typeSchema = {
    type: 'object',
    required: ['type', 'title', 'strictlyConfidential', 'optionsSchema'],
    properties: {
      type: { type: 'string' },
      title: localized,
      strictlyConfidential: {
        enum: [...STRICTLY_CONFIDENTIAL_DELIVERY],
        description: 'Whether an e-service classified strictly confidential may deliver through this type, as its plugin declares (must-requirement SK-GDPR-003; pass it to checkDefinition as `connectorTypes`)',
      },
      signsWithSecret: { type: 'boolean', description: 'Whether its connectors sign with a secret the platform makes, shows once and rotates (rotate-secret)' },
      optionsSchema: { type: 'object', description: 'JSON Schema (draft-07) of the options, checked when a definition is saved' },
    },
  };
  return [
    route(
      'get',
      '/',
      staff('installation', 'designer', 'approver', 'municipality-admin', 'platform-admin'),
      'Every connector type: built in and from extension packages, with its options as JSON Schema',
      (_req, res) => {
        res.json({
          items: registry.plugins.map((plugin) => ({
            type: plugin.type,
            title: plugin.title,
            strictlyConfidential: plugin.strictlyConfidential,
            signsWithSecret: plugin.signsWithSecret === true,
            optionsSchema: optionsJsonSchema(plugin),
          })),
        });
      },
      {
        tags: TAGS,
        operation: {
          description:
            "Every connector type the platform has, built in and from extension packages (EXTENSIONS): its name, whether it may carry a strictly confidential e-service's cases, and its options as JSON Schema for a form; each option carries its Swedish and English title and help in the annotation `x-texts` ({ title, description?, choices? })",
          responses: { 200: json(list(typeSchema)), ...problems(401, 403) },
        },
      },
    ),
  ];
}

export interface ConnectorRouteOptions extends Omit<DeliveryRouteOptions, 'nudge'> {
  /** The staff sessions' settings: rotating a secret asks for a recent login */
  staffSessions: Pick<StaffSessionSettings, 'reauthenticateSeconds'>;
  /** How long an old signing secret still signs after a rotation, unless the request says otherwise */
  overlapHours: number;
}

/**
 * Mounted at /api/municipalities/:municipality/eservices/:eserviceId/connectors: settings forms,
 * last tests, "send test delivery" and rotating a webhook's signing secret (shown in that answer
 * only: never in a GET).
 */
export function connectorRoutes({ registry, settings, logger, staffSessions, overlapHours }: ConnectorRouteOptions): RouteDeclaration[] {
  const connectorId = param('connectorId', 'Connector id');
  const testResult = {
    type: 'object',
    required: ['succeeded', 'at'],
    properties: { succeeded: { type: 'boolean' }, at: { type: 'string', format: 'date-time' }, message: { ...localized, description: 'What the test found, in Swedish and English' } },
  };
  const secretState = {
    type: ['object', 'null'],
    description: 'Signing connectors only: when the secret was made and rotated, and until when the previous one still signs (never the secret; null: none yet)',
    properties: { createdAt: { type: 'string', format: 'date-time' }, rotatedAt: { type: ['string', 'null'], format: 'date-time' }, previousValidUntil: { type: ['string', 'null'], format: 'date-time' } },
  };
  return [
    route(
      'get',
      '/',
      staff('eservice', 'designer', 'approver', 'municipality-admin'),
      'Connectors of the e-service draft: options, options JSON Schema (for rjsf), last test delivery, signing secret state',
      async (req, res) => {
        const ctx = tenantOf(res);
        const eserviceId = pathParam(req, 'eserviceId');
        const row = await getEService(ctx, eserviceId);
        const [tests, secrets] = await Promise.all([latestConnectorTests(ctx.db, ctx.municipalityId, eserviceId), secretStates(ctx.db, ctx.municipalityId, eserviceId)]);
        res.json({
          items: row.draft.delivery.connectors.map((c) => {
            const plugin = registry.get(c.type);
            return {
              id: c.id,
              type: c.type,
              title: plugin?.title,
              options: c.options,
              optionsSchema: plugin && optionsJsonSchema(plugin),
              lastTest: tests[c.id] ?? null,
              ...(plugin?.signsWithSecret ? { signingSecret: secrets[c.id] ?? null } : {}),
            };
          }),
        });
      },
      {
        tags: TAGS,
        operation: {
          parameters: [PATH_PARAMETERS.municipality, PATH_PARAMETERS.eserviceId],
          responses: { 200: json(list({ type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' }, options: { type: 'object' }, optionsSchema: { type: 'object' }, lastTest: { ...testResult, type: ['object', 'null'] }, signingSecret: secretState } })), ...problems(401, 403, 404) },
        },
      },
    ),

    route(
      'post',
      '/:connectorId/test',
      staff('eservice', 'designer', 'municipality-admin'),
      'Send a test delivery through the connector and store the result',
      async (req, res) => {
        const result = await sendTestDelivery(tenantOf(res), { registry, settings, logger }, pathParam(req, 'eserviceId'), pathParam(req, 'connectorId'));
        // a failed test is a result the designer needs to see, not an error of this request
        res.status(200).json(result);
      },
      { tags: TAGS, operation: { parameters: [PATH_PARAMETERS.municipality, PATH_PARAMETERS.eserviceId, connectorId], responses: { 200: json(testResult, 'The result, succeeded or not'), ...problems(401, 403, 404) } } },
    ),

    route(
      'post',
      '/:connectorId/rotate-secret',
      staff('eservice', 'municipality-admin', 'designer'),
      'Make a new signing secret for the connector (the first, or instead of the current); shown in this answer only',
      [
        requireRecentLogin(staffSessions),
        async (req, res) => {
          const ctx = tenantOf(res);
          const ref = { municipalityId: ctx.municipalityId, eserviceId: pathParam(req, 'eserviceId'), connectorId: pathParam(req, 'connectorId') };
          const overlapSeconds = overlapSecondsOf(req.body, overlapHours);
          const connector = (await getEService(ctx, ref.eserviceId)).draft.delivery.connectors.find((c) => c.id === ref.connectorId);
          if (!connector) throw notFound(bilingual(`Mottagaren ”${ref.connectorId}”`, `The connector “${ref.connectorId}”`));
          if (registry.get(connector.type)?.signsWithSecret !== true) {
            throw conflict('connector-not-signing', bilingual(`Mottagaren ”${ref.connectorId}” signerar inte med en nyckel.`, `The connector “${ref.connectorId}” does not sign with a secret.`));
          }
          const deliverySecret = settings.secret;
          if (!deliverySecret) throw deliverySecretMissing();
          const rotated = await ctx.db.transaction().execute(async (trx) => {
            const result = await rotateSecret(trx, deliverySecret, ref, overlapSeconds);
            // who rotated and how long the old one works; never the secret
            await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'connector-secret.rotated', subjectType: 'eservice', subjectId: ref.eserviceId, details: { connectorId: ref.connectorId, previousValidUntil: result.previousValidUntil } });
            return result;
          });
          res.set('Cache-Control', 'no-store').json({ connectorId: ref.connectorId, secret: rotated.secret, previousValidUntil: rotated.previousValidUntil });
        },
      ],
      {
        tags: TAGS,
        operation: {
          description:
            'Requires a recent login (else 401 reauthentication-required). The previous secret keeps signing beside the new one until `previousValidUntil` (SECRET_ROTATION_OVERLAP_HOURS, or `overlapHours`): every delivery then carries a `v1=` signature per secret, so the receiver can switch without losing deliveries. The secret is never shown again.',
          parameters: [PATH_PARAMETERS.municipality, PATH_PARAMETERS.eserviceId, connectorId],
          requestBody: { ...jsonBody(rotationBodySchema), required: false },
          responses: {
            200: json({ type: 'object', required: ['connectorId', 'secret'], properties: { connectorId: { type: 'string' }, secret: { type: 'string', description: 'HMAC-SHA256 key (base64url); shown this once' }, previousValidUntil: { type: ['string', 'null'], format: 'date-time' } } }),
            ...problems(401, 403, 404, 409, 422, 503),
          },
        },
      },
    ),
  ];
}

/** Mounted at /api/delivery/attachments: `GET /:token`, an attachment through the signed, expiring link a webhook carried. */
export function attachmentLinkRoutes(db: Kysely<Database>, settings: Pick<DeliverySettings, 'secret'>): RouteDeclaration[] {
  return [
    route(
      'get',
      '/:token',
      credential('signed-link'),
      'An attachment through the signed, expiring link in a webhook delivery',
      async (req, res) => {
        const grant = settings.secret ? verifyAttachmentToken(settings.secret, pathParam(req, 'token')) : undefined;
        const info = grant && (await findAttachment(db, grant.municipalityId, grant.attachmentId));
        const content = info && info.submissionId !== null ? await openAttachmentContent(db, grant.municipalityId, grant.attachmentId) : undefined;
        if (!info || !content) throw notFound(bilingual('Bilagan (länken kan ha gått ut)', 'The attachment (the link may have expired)'));
        setDownloadHeaders(res.status(200), { name: info.originalName, mediaType: info.mediaType, size: info.size });
        content.pipe(res);
      },
      { tags: TAGS, operation: { parameters: [param('token', 'Link token (HMAC-signed)')], responses: { 200: { description: 'The file' }, ...problems(404) } } },
    ),
  ];
}
