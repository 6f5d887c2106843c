import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isUuid } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { PUBLIC, staff } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, list, localized, param, problems, query } from '../openapi/operations.js';
import { notFound } from '../problems/problem.js';
import { staffActor, staffOf, type StaffPrincipal } from '../staff/sessions.js';

import { parseOperatingMessage } from './input.js';
import { insertOperatingMessage, listCurrentAndComing, listInForce, withdrawOperatingMessage, type OperatingMessage } from './repository.js';

const view = (m: OperatingMessage) => ({
  id: m.id,
  scope: m.municipalityId === null ? 'installation' : m.eserviceId === null ? 'municipality' : 'eservice',
  municipalityId: m.municipalityId,
  eserviceId: m.eserviceId,
  kind: m.kind,
  title: m.title,
  body: m.body,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
});

const messageNotFound = () => notFound(bilingual('Driftmeddelandet', 'The operating message'));
const message = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, scope: { enum: ['installation', 'municipality', 'eservice'] }, municipalityId: { type: ['string', 'null'] }, eserviceId: { type: ['string', 'null'] }, kind: { enum: ['disruption', 'maintenance'] }, title: localized, body: localized, startsAt: { type: 'string', format: 'date-time' }, endsAt: { type: 'string', format: 'date-time' } },
};
const newMessage = jsonBody({
  type: 'object',
  required: ['kind', 'title', 'body', 'startsAt', 'endsAt'],
  properties: { kind: { enum: ['disruption', 'maintenance'] }, title: localized, body: localized, startsAt: { type: 'string', format: 'date-time' }, endsAt: { type: 'string', format: 'date-time' }, eserviceId: { type: 'string', description: 'Only on this e-service of the municipality' } },
});
const tags = ['operating-messages'];
const listed = { tags, operation: { responses: { 200: json(list(message)), ...problems(401, 403) } } };
const posted = { tags, operation: { requestBody: newMessage, responses: { 201: json(message, 'Posted'), ...problems(400, 401, 403, 415, 422) } } };
const withdrawal = { tags, operation: { parameters: [param('id', 'Operating message id (UUID)', { type: 'string', format: 'uuid' })], responses: { 204: { description: 'Withdrawn' }, ...problems(401, 403, 404) } } };

/**
 * Mounted at /api/operating-messages: the platform administrator's notices for the whole
 * installation (shown on every municipality's pages).
 */
export function installationMessageRoutes(db: Kysely<Database>): RouteDeclaration[] {
  const PLATFORM = staff('installation', 'platform-admin');
  const actor = (res: Response) => staffActor(staffOf(res) as StaffPrincipal);
  return [
    route('get', '/', PLATFORM, 'Notices for the whole installation, in force or coming', async (_req, res) => {
      res.json({ items: (await listCurrentAndComing(db, null, new Date())).map(view) });
    }, listed),
    route('post', '/', PLATFORM, 'Post a notice for the whole installation', async (req, res) => {
      const message = await insertOperatingMessage(db, await parseOperatingMessage(db, req.body, { municipalityId: null, createdBy: actor(res), now: new Date() }));
      req.log.info({ operatingMessage: message.id, actor: actor(res) }, 'installation notice posted');
      res.status(201).json(view(message));
    }, posted),
    route('delete', '/:id', PLATFORM, 'Withdraw a notice for the whole installation', async (req, res) => {
      const id = pathParam(req, 'id');
      const withdrawn = isUuid(id) ? await withdrawOperatingMessage(db, null, id, new Date()) : undefined;
      if (!withdrawn) throw messageNotFound();
      req.log.info({ operatingMessage: id, actor: actor(res) }, 'installation notice withdrawn');
      res.status(204).end();
    }, withdrawal),
  ];
}

/**
 * Mounted at /api/municipalities/:municipality/operating-messages: a municipality's notices
 * (for all its pages or one e-service), and what is in force now, which anyone may read.
 */
export function municipalityMessageRoutes(db: Kysely<Database>): RouteDeclaration[] {
  const ADMIN = staff('municipality', 'municipality-admin');
  return [
    route('get', '/in-force', PUBLIC, 'Notices in force now on the municipality\'s pages (?eserviceId= adds that e-service\'s own)', async (req, res) => {
      const eserviceId = typeof req.query.eserviceId === 'string' && req.query.eserviceId.length <= 100 ? req.query.eserviceId : undefined;
      const items = await listInForce(db, tenantOf(res).municipalityId, eserviceId, new Date());
      // short caching: a notice appears within a minute of its start everywhere
      res.set('Cache-Control', 'public, max-age=60').json({ items: items.map(view) });
    }, { tags, operation: { parameters: [query('eserviceId', { type: 'string', maxLength: 100 })], responses: { 200: json(list(message)), ...problems(404) } } }),
    route('get', '/', ADMIN, 'The municipality\'s notices (its e-services\' included), in force or coming', async (_req, res) => {
      res.json({ items: (await listCurrentAndComing(db, tenantOf(res).municipalityId, new Date())).map(view) });
    }, listed),
    route('post', '/', ADMIN, 'Post a notice for the municipality, or with eserviceId for one e-service', async (req, res) => {
      const ctx = tenantOf(res);
      const input = await parseOperatingMessage(db, req.body, { municipalityId: ctx.municipalityId, createdBy: ctx.actor, now: new Date() });
      const message = await db.transaction().execute(async (trx) => {
        const saved = await insertOperatingMessage(trx, input);
        await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'operating-message.posted', subjectType: 'operating-message', subjectId: saved.id, details: { kind: saved.kind, eserviceId: saved.eserviceId, startsAt: saved.startsAt, endsAt: saved.endsAt } });
        return saved;
      });
      res.status(201).json(view(message));
    }, posted),
    route('delete', '/:id', ADMIN, 'Withdraw a notice of the municipality', async (req, res) => {
      const ctx = tenantOf(res);
      const id = pathParam(req, 'id');
      const withdrawn = isUuid(id)
        ? await db.transaction().execute(async (trx) => {
            const row = await withdrawOperatingMessage(trx, ctx.municipalityId, id, new Date());
            if (row) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'operating-message.withdrawn', subjectType: 'operating-message', subjectId: id });
            return row;
          })
        : undefined;
      if (!withdrawn) throw messageNotFound();
      res.status(204).end();
    }, withdrawal),
  ];
}
