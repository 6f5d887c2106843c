import { Router, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { pathParam } from '../http/context.js';
import { caseNotFound, caseSummaryJson, historyJson, messagesJson, receiptNumberParam } from './case-view.js';
import { inboundSystemOf, requireInboundKey } from './inbound-keys.js';
import type { CaseActor, CaseHandling } from './operations.js';
import { findCaseByReceiptNumber, listMessages, listStatusChanges } from './repository.js';
import { objectBody, optionalText, parseCaseStatus, parseText } from './status.js';

/**
 * Mounted at /api/inbound: the API a back-office (case-management) system calls with its key
 * to report a case's status and write to the citizen (maturity level 3). A key works only in
 * its own municipality: another municipality's case is unknown to it (404).
 */
export function inboundRoutes(db: Kysely<Database>, handling: CaseHandling): Router {
  const router = Router();
  router.use(requireInboundKey(db));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const systemCase = async (req: Request, res: Response) => {
    const system = inboundSystemOf(res);
    const found = await findCaseByReceiptNumber(db, system.municipalityId, receiptNumberParam(pathParam(req, 'receiptNumber')));
    if (!found) throw caseNotFound();
    const actor: CaseActor = { kind: 'system', name: system.systemName, auditId: `system:${system.keyId}` };
    return { system, found, actor };
  };

  router.get('/cases/:receiptNumber', async (req, res) => {
    const { system, found } = await systemCase(req, res);
    const [history, messages] = await Promise.all([listStatusChanges(db, system.municipalityId, found.id), listMessages(db, system.municipalityId, found.id)]);
    res.json({ ...caseSummaryJson(found), history: historyJson(history), messages: messagesJson(messages) });
  });

  router.put('/cases/:receiptNumber/status', async (req, res) => {
    const body = objectBody(req.body);
    const { system, found, actor } = await systemCase(req, res);
    const status = parseCaseStatus(body.status);
    const note = optionalText(body.note, 'note');
    await handling.setStatus(system.municipalityId, found, status, note, actor);
    res.json({ receiptNumber: found.receiptNumber, status });
  });

  router.post('/cases/:receiptNumber/messages', async (req, res) => {
    const body = objectBody(req.body);
    const { system, found, actor } = await systemCase(req, res);
    const message = await handling.messageCitizen(system.municipalityId, found, parseText(body.body, 'body'), actor);
    res.status(201).json(messagesJson([message])[0]);
  });

  return router;
}
