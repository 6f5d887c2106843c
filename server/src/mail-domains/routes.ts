import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { staff } from '../http/access.js';
import { tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, problems } from '../openapi/operations.js';
import { loadMailDomains, MAIL_DOMAINS_MAX, parseMailDomains, saveMailDomains } from './mail-domains.js';

const view = { type: 'object', required: ['domains'], properties: { domains: { type: 'array', items: { type: 'string' } } } };
const tags = ['municipalities'];

/**
 * Mounted at /api/municipalities/:municipality/mail-domains: the e-mail domains the municipality
 * calls its own (SK-GDPR-005). Those who check e-services read them (the designer's live check);
 * only its administrator sets them, so a designer cannot widen where personal data may be e-mailed.
 */
export function mailDomainRoutes(db: Kysely<Database>): RouteDeclaration[] {
  return [
    route('get', '/', staff('municipality', 'designer', 'approver', 'municipality-admin'), 'The e-mail domains the municipality declared its own (SK-GDPR-005)', async (_req, res) => {
      res.json({ domains: await loadMailDomains(db, tenantOf(res).municipalityId) });
    }, { tags, operation: { responses: { 200: json(view), ...problems(401, 403, 404) } } }),
    route('put', '/', staff('municipality', 'municipality-admin'), 'Set the e-mail domains the municipality declares its own; an empty list leaves SK-GDPR-005 to the contact address of each e-service', async (req, res) => {
      const ctx = tenantOf(res);
      const domains = parseMailDomains(req.body);
      await db.transaction().execute(async (trx) => {
        const before = await loadMailDomains(trx, ctx.municipalityId);
        await saveMailDomains(trx, ctx.municipalityId, domains);
        await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'municipality.mail-domains-changed', subjectType: 'municipality', subjectId: ctx.municipalityId, details: { before, after: domains } });
      });
      res.json({ domains });
    }, {
      tags,
      operation: {
        requestBody: jsonBody({ type: 'object', required: ['domains'], properties: { domains: { type: 'array', maxItems: MAIL_DOMAINS_MAX, items: { type: 'string', maxLength: 253 } } } }),
        responses: { 200: json(view), ...problems(400, 401, 403, 404, 415, 422) },
      },
    }),
  ];
}
