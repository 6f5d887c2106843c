import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { isUuid } from '@etjanst/schemas';
import type { CaseStatus, Database } from '../db/tables.js';
import { CITIZEN } from '../http/access.js';
import { pathParam } from '../http/context.js';
import { noStore } from '../http/no-store.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { csrf, json, jsonBody, param, problems, ref } from '../openapi/operations.js';
import { caseMessageSchema } from './api-schemas.js';
import { requireSession, sessionOf, type CitizenSession } from '../identity/sessions.js';
import { caseNotFound, historyJson, messagesJson } from './case-view.js';
import type { CaseHandling } from './operations.js';
import { listMessages, listStatusChanges, markMessagesRead } from './repository.js';
import { objectBody, parseText } from './status.js';

/** The logged-in citizen's own case (a submission they made while logged in), or the 404 any other id gets. */
async function ownCase(db: Kysely<Database>, req: Request, res: Response): Promise<{ session: CitizenSession; found: { id: string; receiptNumber: string; status: CaseStatus } }> {
  const session = requireSession(res, sessionOf(res)?.municipalityId ?? '');
  const id = pathParam(req, 'id');
  const row = isUuid(id)
    ? await db
        .selectFrom('submissions')
        .select(['id', 'receipt_number', 'case_status'])
        .where('municipality_id', '=', session.municipalityId)
        .where('applicant_personal_identity_number', '=', session.person.personalIdentityNumber)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw caseNotFound();
  return { session, found: { id: row.id, receiptNumber: row.receipt_number, status: row.case_status } };
}

/**
 * Mounted at /api/me/submissions/:id/case: on Mina sidor the citizen follows their case, its
 * status history and messages, and answers the case handler.
 */
export function citizenCaseRoutes(db: Kysely<Database>, handling: CaseHandling): RouteDeclaration[] {
  const TAGS = ['cases'];
  const id = param('id', 'Submission id');
  const uncached = (handler: RequestHandler): RequestHandler[] => [noStore, handler];
  return [
    route(
      'get',
      '/',
      CITIZEN,
      'My case: status, status history, messages',
      uncached(async (req, res) => {
        const { session, found } = await ownCase(db, req, res);
        const [history, messages] = await Promise.all([listStatusChanges(db, session.municipalityId, found.id), listMessages(db, session.municipalityId, found.id)]);
        res.json({
          receiptNumber: found.receiptNumber,
          status: found.status,
          // who in the municipality changed it is not the citizen's business; a system is named as such
          history: historyJson(history).map(({ actorName: _name, ...change }) => change),
          messages: messagesJson(messages),
        });
      }),
      { tags: TAGS, operation: { parameters: [id], responses: { 200: json({ type: 'object' }), ...problems(401, 404) } } },
    ),

    route(
      'post',
      '/messages',
      CITIZEN,
      'Answer the case handler',
      uncached(async (req, res) => {
        const body = objectBody(req.body);
        const { session, found } = await ownCase(db, req, res);
        const message = await handling.replyAsCitizen(session, found, parseText(body.body, 'body'));
        res.status(201).json(messagesJson([message])[0]);
      }),
      { tags: TAGS, operation: { parameters: [id, csrf], requestBody: jsonBody(caseMessageSchema), responses: { 201: json(ref('CaseMessage')), ...problems(401, 403, 404, 409, 422) } } },
    ),

    /** The citizen has seen the messages from the municipality. */
    route(
      'post',
      '/messages/read',
      CITIZEN,
      'Mark the messages to me as read',
      uncached(async (req, res) => {
        const { session, found } = await ownCase(db, req, res);
        res.json({ marked: await markMessagesRead(db, session.municipalityId, found.id, 'to-citizen') });
      }),
      { tags: TAGS, operation: { parameters: [id, csrf], responses: { 200: json({ type: 'object', properties: { marked: { type: 'integer' } } }), ...problems(401, 403, 404) } } },
    ),
  ];
}
