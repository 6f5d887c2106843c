import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { findAttachment, openAttachmentContent } from '../attachments/repository.js';
import type { Database, DeliveryRow, DeliveryState } from '../db/tables.js';
import { getEService } from '../eservices/operations.js';
import { pathParam, tenantOf } from '../http/context.js';
import { badRequest, conflict, notFound } from '../problems/problem.js';
import { latestConnectorTests, sendTestDelivery } from './connector-tests.js';
import { optionsJsonSchema, type ConnectorRegistry } from './plugins.js';
import { deliveryAttempts, deliveryCounts, findDelivery, listDeliveries, requeueDelivery } from './repository.js';
import type { DeliverySettings } from './settings.js';
import { verifyAttachmentToken, webhookSecret } from './signatures.js';

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

/** Mounted at /api/municipalities/:municipality/deliveries: the outbox for administrators (list, dead letters, inspect, replay). */
export function deliveryAdminRoutes({ nudge }: Pick<DeliveryRouteOptions, 'nudge'>): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    const { db, municipalityId } = tenantOf(res);
    const state = req.query.state === undefined ? undefined : String(req.query.state);
    if (state !== undefined && !STATES.includes(state as DeliveryState)) {
      throw badRequest('invalid-parameter', bilingual(`”state” ska vara en av ${STATES.join(', ')}.`, `“state” must be one of ${STATES.join(', ')}.`));
    }
    const submissionId = req.query.submissionId === undefined ? undefined : uuidParam(String(req.query.submissionId), 'submissionId');
    const [items, counts] = await Promise.all([listDeliveries(db, municipalityId, { state: state as DeliveryState | undefined, submissionId }), deliveryCounts(db, municipalityId)]);
    res.json({ items: items.map(present), counts });
  });
  router.get('/:id', async (req, res) => {
    const { db, municipalityId } = tenantOf(res);
    const id = uuidParam(pathParam(req, 'id'), 'id');
    const delivery = await findDelivery(db, municipalityId, id);
    if (!delivery) throw deliveryNotFound(id);
    const attempts = await deliveryAttempts(db, municipalityId, id);
    res.json({ ...present(delivery), history: attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, error: a.error, at: a.finished_at })) });
  });
  router.post('/:id/replay', async (req, res) => {
    const ctx = tenantOf(res);
    const id = uuidParam(pathParam(req, 'id'), 'id');
    const replayed = await ctx.db.transaction().execute(async (trx) => {
      const row = await requeueDelivery(trx, ctx.municipalityId, id);
      if (row) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'delivery.replayed', subjectType: 'submission', subjectId: row.submission_id, details: { deliveryId: id, connectorId: row.connector_id } });
      return row;
    });
    if (!replayed) {
      if (!(await findDelivery(ctx.db, ctx.municipalityId, id))) throw deliveryNotFound(id);
      throw conflict('delivery-not-replayable', bilingual('Leveransen pågår redan och kan inte skickas om nu.', 'The delivery is already under way and cannot be replayed now.'));
    }
    nudge();
    res.json(present(replayed));
  });
  return router;
}

/**
 * Mounted at /api/connector-types: every connector the platform has, with its options schema (and
 * texts) for the designer's forms and whether it may carry a strictly confidential e-service's
 * cases, so the designer's SK-GDPR-003 judges as the publish gate does.
 */
export function connectorTypeRoutes(registry: ConnectorRegistry): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      items: registry.plugins.map((plugin) => ({ type: plugin.type, title: plugin.title, strictlyConfidential: plugin.strictlyConfidential, optionsSchema: optionsJsonSchema(plugin) })),
    });
  });
  return router;
}

/** Mounted at /api/municipalities/:municipality/eservices/:eserviceId/connectors: settings forms, last tests and "send test delivery". */
export function connectorRoutes({ registry, settings, logger }: Omit<DeliveryRouteOptions, 'nudge'>): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    const ctx = tenantOf(res);
    const eserviceId = pathParam(req, 'eserviceId');
    const row = await getEService(ctx, eserviceId);
    const tests = await latestConnectorTests(ctx.db, ctx.municipalityId, eserviceId);
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
          // what the receiver verifies signatures with; derived, so it is never stored or exported
          ...(c.type === 'webhook' && settings.secret ? { signingSecret: webhookSecret(settings.secret, ctx.municipalityId, eserviceId, c.id) } : {}),
        };
      }),
    });
  });
  router.post('/:connectorId/test', async (req, res) => {
    const result = await sendTestDelivery(tenantOf(res), { registry, settings, logger }, pathParam(req, 'eserviceId'), pathParam(req, 'connectorId'));
    // a failed test is a result the designer needs to see, not an error of this request
    res.status(200).json(result);
  });
  return router;
}

/** Mounted at /api/delivery/attachments: `GET /:token`, an attachment through the signed, expiring link a webhook carried. */
export function attachmentLinkRoutes(db: Kysely<Database>, settings: Pick<DeliverySettings, 'secret'>): Router {
  const router = Router();
  router.get('/:token', async (req, res) => {
    const grant = settings.secret ? verifyAttachmentToken(settings.secret, pathParam(req, 'token')) : undefined;
    const info = grant && (await findAttachment(db, grant.municipalityId, grant.attachmentId));
    const content = info && info.submissionId !== null ? await openAttachmentContent(db, grant.municipalityId, grant.attachmentId) : undefined;
    if (!info || !content) throw notFound(bilingual('Bilagan (länken kan ha gått ut)', 'The attachment (the link may have expired)'));
    res.status(200).set({
      'Content-Type': info.mediaType,
      'Content-Length': String(info.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(info.originalName)}`,
      'Cache-Control': 'no-store',
    });
    content.pipe(res);
  });
  return router;
}
