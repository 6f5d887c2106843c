import { Router, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import { isUuid } from '@etjanst/schemas';
import type { CaseStatus, Database } from '../db/tables.js';
import { pathParam } from '../http/context.js';
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
export function citizenCaseRoutes(db: Kysely<Database>, handling: CaseHandling): Router {
  const router = Router({ mergeParams: true });
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/', async (req, res) => {
    const { session, found } = await ownCase(db, req, res);
    const [history, messages] = await Promise.all([listStatusChanges(db, session.municipalityId, found.id), listMessages(db, session.municipalityId, found.id)]);
    res.json({
      receiptNumber: found.receiptNumber,
      status: found.status,
      // who in the municipality changed it is not the citizen's business; a system is named as such
      history: historyJson(history).map(({ actorName: _name, ...change }) => change),
      messages: messagesJson(messages),
    });
  });

  router.post('/messages', async (req, res) => {
    const body = objectBody(req.body);
    const { session, found } = await ownCase(db, req, res);
    const message = await handling.replyAsCitizen(session, found, parseText(body.body, 'body'));
    res.status(201).json(messagesJson([message])[0]);
  });

  /** The citizen has seen the messages from the municipality. */
  router.post('/messages/read', async (req, res) => {
    const { session, found } = await ownCase(db, req, res);
    res.json({ marked: await markMessagesRead(db, session.municipalityId, found.id, 'to-citizen') });
  });

  return router;
}
