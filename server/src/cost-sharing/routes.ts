import type { Kysely } from 'kysely';
import { bilingual, kronorText } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { objectBody } from '../cases/status.js';
import type { Database } from '../db/tables.js';
import { staff } from '../http/access.js';
import { pathParam } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, localized, param, problems, query } from '../openapi/operations.js';
import { requestLanguage } from '../problems/problem-middleware.js';
import { notFound, unprocessable } from '../problems/problem.js';
import { staffActor, staffOf, type StaffPrincipal } from '../staff/sessions.js';
import { parsePeriod } from '../statistics/operations.js';
import { costSplit, costSplitCsv, parseSplitRequest, type CostSplit } from './split.js';
import { saveInhabitants, usageByMunicipality } from './usage.js';

/** More than Sweden's population: a typo, not a municipality. */
const MAX_INHABITANTS = 20_000_000;

const usageFigures = {
  type: 'object',
  properties: {
    submissions: { type: 'integer' },
    eservicesInUse: { type: 'integer' },
    inboxCases: { type: 'integer' },
    deliveries: { type: 'integer' },
    attachmentBytes: { type: 'integer' },
  },
};
const usageRow = { type: 'object', properties: { id: { type: 'string' }, name: localized, inhabitants: { type: ['integer', 'null'] }, usage: usageFigures } };
const periodQuery = [query('from', { type: 'string', format: 'date' }), query('to', { type: 'string', format: 'date' })];
const splitQuery = [
  ...periodQuery,
  query('total', { type: 'string' }, 'The amount to split, in kronor (decimal comma or point)'),
  query('by', { enum: ['inhabitants', 'use'] }),
  query('weights', { type: 'string' }, 'For a split by use: measure:weight, comma-separated (default: every measure 1)'),
];
const tags = ['cost-sharing'];

const splitView = (split: CostSplit) => ({
  period: split.period,
  by: split.by,
  weighting: split.by === 'use' ? split.weighting : null,
  total: split.total,
  totalText: kronorText(split.total),
  rows: split.rows.map((r) => ({ ...r, amountText: kronorText(r.amount) })),
});

/**
 * Mounted at /api/cost-sharing: the regional e-office's yearly invoice. The platform
 * administrator (who runs the e-office) sees every municipality's use in a period, splits a
 * total by inhabitants or by use, and keeps the number of inhabitants per municipality.
 */
export function costSharingRoutes(db: Kysely<Database>): RouteDeclaration[] {
  const PLATFORM = staff('installation', 'platform-admin');
  const split = async (q: Record<string, unknown>) => {
    const request = parseSplitRequest(q, parsePeriod(q));
    return costSplit(request, await usageByMunicipality(db, request.period));
  };
  return [
    route('get', '/usage', PLATFORM, 'Every municipality\'s use in a period: submissions, e-services in use, inbox cases, deliveries, stored attachment bytes', async (req, res) => {
      const period = parsePeriod(req.query);
      res.json({ period, items: await usageByMunicipality(db, period) });
    }, { tags, operation: { parameters: periodQuery, responses: { 200: json({ type: 'object', properties: { items: { type: 'array', items: usageRow } } }), ...problems(401, 403, 422) } } }),
    route('get', '/split', PLATFORM, 'A total split between the municipalities by inhabitants or by weighted use, in whole öre summing to the total', async (req, res) => {
      res.json(splitView(await split(req.query)));
    }, { tags, operation: { parameters: splitQuery, responses: { 200: json({ type: 'object' }), ...problems(401, 403, 422) } } }),
    route('get', '/split.csv', PLATFORM, 'The same split as CSV (UTF-8 with BOM, semicolons, decimal comma)', async (req, res) => {
      const result = await split(req.query);
      res
        .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="kostnadsfordelning-${result.period.from}-${result.period.to}.csv"`, 'Cache-Control': 'no-store' })
        .send(costSplitCsv(result, requestLanguage(req)));
    }, { tags, operation: { parameters: splitQuery, responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...problems(401, 403, 422) } } }),
    route('put', '/inhabitants/:municipalityId', PLATFORM, 'Set a municipality\'s number of inhabitants (null: unknown)', async (req, res) => {
      const municipalityId = pathParam(req, 'municipalityId');
      const { inhabitants } = objectBody(req.body);
      if (inhabitants !== null && !(Number.isSafeInteger(inhabitants) && (inhabitants as number) >= 0 && (inhabitants as number) <= MAX_INHABITANTS)) {
        throw unprocessable('inhabitants-invalid', bilingual(`Ange invånarantalet som ett heltal 0–${MAX_INHABITANTS}.`, `Give the number of inhabitants as a whole number 0–${MAX_INHABITANTS}.`), { field: 'inhabitants' });
      }
      const actor = staffActor(staffOf(res) as StaffPrincipal);
      const saved = await db.transaction().execute(async (trx) => {
        const found = await saveInhabitants(trx, municipalityId, inhabitants as number | null);
        if (found) await recordAudit(trx, { municipalityId, actor, action: 'municipality.inhabitants-changed', subjectType: 'municipality', subjectId: municipalityId, details: { inhabitants } });
        return found;
      });
      if (!saved) throw notFound(bilingual(`Kommunen ”${municipalityId}”`, `The municipality “${municipalityId}”`));
      res.json({ municipalityId, inhabitants });
    }, {
      tags,
      operation: {
        parameters: [param('municipalityId', 'Municipality id')],
        requestBody: jsonBody({ type: 'object', required: ['inhabitants'], properties: { inhabitants: { type: ['integer', 'null'], minimum: 0, maximum: MAX_INHABITANTS } } }),
        responses: { 200: json({ type: 'object' }), ...problems(400, 401, 403, 404, 415, 422) },
      },
    }),
  ];
}
