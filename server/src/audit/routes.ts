import { once } from 'node:events';
import type { Kysely } from 'kysely';
import type { AuditRecord, Language } from '@etjanst/schemas';
import { csvField } from '../cases/export.js';
import type { Database } from '../db/tables.js';
import { staff } from '../http/access.js';
import { tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { requestLanguage } from '../problems/problem-middleware.js';
import { recordAudit } from './audit-log.js';
import { allMatching, MAX_PAGE_SIZE, parseAuditQuery, parseAuditScope, searchAuditLog } from './search.js';
import { verifyAuditChain } from './verify.js';

const MUNICIPALITY_ADMIN = staff('municipality', 'municipality-admin');

const HEADINGS: Record<Language, string[]> = {
  sv: ['Id', 'Tidpunkt (UTC)', 'Vem', 'Händelse', 'Objekttyp', 'Objekt', 'Detaljer'],
  en: ['Id', 'Time (UTC)', 'Actor', 'Action', 'Subject type', 'Subject', 'Details'],
};

const csvLine = (cells: Array<string | number>) => `${cells.map(csvField).join(';')}\r\n`;
const recordLine = (r: AuditRecord) => csvLine([r.id, r.occurredAt, r.actor, r.action, r.subjectType, r.subjectId, JSON.stringify(r.details)]);

const query = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', description, schema });
const FILTERS = [
  query('actor', 'Part of the actor, any case (e.g. an account id or a name)'),
  query('action', 'An action (case.viewed) or a family of actions (case: every case.*)'),
  query('subjectType', 'The subject\'s type (submission, eservice, staff-member ...)'),
  query('subjectId', 'The subject\'s id'),
  query('from', 'From this date or time on (a date, or a date-time with its zone)', { type: 'string' }),
  query('to', 'Before this date or time', { type: 'string' }),
];
const MUNICIPALITY = { name: 'municipality', in: 'path', required: true, description: 'Municipality id (slug)', schema: { type: 'string' } };
const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'Problem', content: { 'application/problem+json': { schema: { type: 'object' } } } }]));
const record = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    municipalityId: { type: ['string', 'null'], description: 'null: an installation event (staff logins, platform administration)' },
    occurredAt: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    action: { type: 'string' },
    subjectType: { type: 'string' },
    subjectId: { type: 'string' },
    details: { type: 'object' },
  },
};

/** Mounted at /api: the audit log's search and export for municipality administrators, the installation-wide search and the verification for platform administrators. */
export function auditRoutes(db: Kysely<Database>): RouteDeclaration[] {
  return [
    route(
      'get',
      '/municipalities/:municipality/audit',
      MUNICIPALITY_ADMIN,
      'Search the municipality\'s audit log, newest first (who, what, when, subject)',
      async (req, res) => {
        const { municipalityId } = tenantOf(res);
        res.set('Cache-Control', 'no-store').json(await searchAuditLog(db, { municipalityId }, parseAuditQuery(req.query)));
      },
      {
        tags: ['audit'],
        operation: {
          parameters: [
            MUNICIPALITY,
            ...FILTERS,
            query('limit', 'Rows per page', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 }),
            query('cursor', 'The previous page\'s nextCursor'),
          ],
          responses: {
            200: { description: 'A page', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: record }, nextCursor: { type: ['string', 'null'] } } } } } },
            ...problems(400, 401, 403, 404),
          },
        },
      },
    ),

    /** The export takes personal data out of the platform, so it is itself in the log. */
    route(
      'get',
      '/municipalities/:municipality/audit/export.csv',
      MUNICIPALITY_ADMIN,
      'The matching audit rows as CSV (UTF-8 with BOM, semicolons), newest first',
      async (req, res) => {
        const { municipalityId, actor } = tenantOf(res);
        const { filter } = parseAuditQuery(req.query, false);
        await recordAudit(db, { municipalityId, actor, action: 'audit.exported', subjectType: 'audit-log', subjectId: municipalityId, details: { filter } });
        res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="granskningslogg-${municipalityId}.csv"`, 'Cache-Control': 'no-store' });
        res.write(`\uFEFF${csvLine(HEADINGS[requestLanguage(req)])}`);
        for await (const row of allMatching(db, { municipalityId }, filter)) {
          if (res.destroyed) return; // the download was cancelled
          if (!res.write(recordLine(row))) await once(res, 'drain');
        }
        res.end();
      },
      {
        tags: ['audit'],
        operation: { parameters: [MUNICIPALITY, ...FILTERS], responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...problems(400, 401, 403, 404) } },
      },
    ),

    route(
      'get',
      '/audit',
      staff('installation', 'platform-admin'),
      'Search the whole installation\'s audit log, newest first: its own events (staff logins, platform administration) and every municipality\'s',
      async (req, res) => {
        const scope = await parseAuditScope(db, req.query);
        res.set('Cache-Control', 'no-store').json(await searchAuditLog(db, scope, parseAuditQuery(req.query, true, true)));
      },
      {
        tags: ['audit'],
        operation: {
          parameters: [
            query('scope', 'installation: only events of no municipality; all (default): every row', { enum: ['all', 'installation'] }),
            query('municipality', 'Only this municipality\'s events (its id)'),
            ...FILTERS,
            query('limit', 'Rows per page', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 }),
            query('cursor', 'The previous page\'s nextCursor'),
          ],
          responses: {
            200: { description: 'A page', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: record }, nextCursor: { type: ['string', 'null'] } } } } } },
            ...problems(400, 401, 403),
          },
        },
      },
    ),

    route(
      'get',
      '/audit/verify',
      staff('installation', 'platform-admin'),
      'Verify the audit log\'s hash chain; names the first broken row',
      async (_req, res) => {
        res.set('Cache-Control', 'no-store').json(await verifyAuditChain(db));
      },
      {
        tags: ['audit'],
        operation: {
          responses: {
            200: {
              description: 'The verdict: ok with the number of rows, or the first broken row (id, occurredAt), what is wrong and how many rows verified before it',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['ok', 'rows'],
                    properties: {
                      ok: { type: 'boolean' },
                      rows: { type: 'integer' },
                      row: { type: ['object', 'null'], properties: { id: { type: 'string' }, occurredAt: { type: 'string', format: 'date-time' } } },
                      problem: { enum: ['content-changed', 'link-broken', 'end-missing'] },
                      detail: { type: 'string' },
                    },
                  },
                },
              },
            },
            ...problems(401, 403),
          },
        },
      },
    ),
  ];
}
