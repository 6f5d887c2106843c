import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { credential } from '../http/access.js';
import { pathParam } from '../http/context.js';
import { noStore } from '../http/no-store.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, problems, ref } from '../openapi/operations.js';
import { caseMessageSchema, caseStatusSchema, receiptNumberPath } from './api-schemas.js';
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
export function inboundRoutes(db: Kysely<Database>, handling: CaseHandling): RouteDeclaration[] {
  const KEY = credential('inbound-api-key');
  const TAGS = ['inbound'];
  // the key is checked first, before anything about the case is looked at
  const withKey = (handler: RequestHandler) => [requireInboundKey(db), noStore, handler];

  const systemCase = async (req: Request, res: Response) => {
    const system = inboundSystemOf(res);
    const found = await findCaseByReceiptNumber(db, system.municipalityId, receiptNumberParam(pathParam(req, 'receiptNumber')));
    if (!found) throw caseNotFound();
    const actor: CaseActor = { kind: 'system', name: system.systemName, auditId: `system:${system.keyId}` };
    return { system, found, actor };
  };

  return [
    route(
      'get',
      '/cases/:receiptNumber',
      KEY,
      "A case of the key's municipality: status, history, messages",
      withKey(async (req, res) => {
        const { system, found } = await systemCase(req, res);
        const [history, messages] = await Promise.all([listStatusChanges(db, system.municipalityId, found.id), listMessages(db, system.municipalityId, found.id)]);
        res.json({ ...caseSummaryJson(found), history: historyJson(history), messages: messagesJson(messages) });
      }),
      { tags: TAGS, operation: { parameters: [receiptNumberPath], responses: { 200: json({ type: 'object' }), ...problems(401, 404) } } },
    ),

    route(
      'put',
      '/cases/:receiptNumber/status',
      KEY,
      "Set the case's status; the citizen is notified by e-mail",
      withKey(async (req, res) => {
        const body = objectBody(req.body);
        const { system, found, actor } = await systemCase(req, res);
        const status = parseCaseStatus(body.status);
        const note = optionalText(body.note, 'note');
        await handling.setStatus(system.municipalityId, found, status, note, actor);
        res.json({ receiptNumber: found.receiptNumber, status });
      }),
      { tags: TAGS, idempotent: 'reserved', operation: { parameters: [receiptNumberPath], requestBody: jsonBody(caseStatusSchema), responses: { 200: json({ type: 'object' }), ...problems(400, 401, 404, 409, 422) } } },
    ),

    route(
      'post',
      '/cases/:receiptNumber/messages',
      KEY,
      'Write to the citizen; the citizen is notified by e-mail',
      withKey(async (req, res) => {
        const body = objectBody(req.body);
        const { system, found, actor } = await systemCase(req, res);
        const message = await handling.messageCitizen(system.municipalityId, found, parseText(body.body, 'body'), actor);
        res.status(201).json(messagesJson([message])[0]);
      }),
      { tags: TAGS, idempotent: 'reserved', operation: { parameters: [receiptNumberPath], requestBody: jsonBody(caseMessageSchema), responses: { 201: json(ref('CaseMessage')), ...problems(400, 401, 404, 409, 422) } } },
    ),
  ];
}
