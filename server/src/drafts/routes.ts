import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { citizenExplained } from '../http/access.js';
import { positiveInteger } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { sessionExpired, sessionOf, type CitizenSession } from '../identity/sessions.js';
import { json, jsonBody, list, object, param, problems } from '../openapi/operations.js';
import { badRequest, Problem, unprocessable } from '../problems/problem.js';
import { refuseDeepAnswers } from '../submissions/answer-depth.js';
import type { AnswerValidators } from '../answer-validation/validators.js';
import type { AfterSubmission } from '../submissions/routes.js';
import type { DraftCleanup } from './cleanup.js';
import * as operations from './operations.js';

export interface DraftRouteOptions {
  db: Kysely<Database>;
  ttlDays: number;
  /** Published versions' validators; drafts are held to their drafts' schema (draftAnswerSchema) */
  validators: AnswerValidators;
  cleanup?: DraftCleanup | undefined;
}

const etag = (revision: number) => `"${revision}"`;
const draftPath = (id: string) => `/api/me/drafts/${id}`;

/** Drafts need a login: they are saved for a person. The 401 says so (the draft routes' policy). */
export const DRAFTS_NEED_LOGIN = bilingual(
  'Utkast sparas bara för den som är inloggad med e-legitimation, i e-tjänster som kräver inloggning. Logga in för att spara och fortsätta senare; e-tjänster utan inloggning skickar du in direkt.',
  'Drafts are only saved for someone logged in with an e-ID, in e-services that require login. Log in to save and continue later; e-services without login are sent directly.',
);

/** The draft owner; the access policy has already refused a request without a citizen session. */
const draftOwner = (res: Response): CitizenSession => sessionOf(res) as CitizenSession;

/** Reads the revision the client saved from If-Match ("3" or W/"3"). */
function expectedRevision(header: string | undefined): number {
  if (!header) {
    throw new Problem(
      428,
      'revision-required',
      bilingual('Versionsuppgift saknas', 'Revision required'),
      bilingual('Skicka If-Match med utkastets ETag så att en senare sparning inte skrivs över.', "Send If-Match with the draft's ETag so that a later save is not overwritten."),
    );
  }
  return positiveInteger(header.replace(/^W\//, '').replace(/"/g, ''), 'If-Match');
}

/** Answers (a JSON object; the body limit bounds its size, refuseDeepAnswers its depth) and an optional step id. */
function draftInput(body: Record<string, unknown>): operations.DraftInput {
  const { answers, stepId } = body;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw unprocessable('answers-invalid', bilingual('Svaren ska vara ett objekt med ett värde per fråga.', 'The answers must be an object with one value per question.'));
  }
  refuseDeepAnswers(answers);
  if (stepId !== undefined && stepId !== null && typeof stepId !== 'string') {
    throw badRequest('draft-malformed', bilingual('”stepId” ska vara ett steg-id (text).', '“stepId” must be a step id (text).'));
  }
  return { answers: answers as Record<string, unknown>, stepId: stepId ?? null };
}

function bodyObject(req: Request, expected: { sv: string; en: string }): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('answers' in body)) {
    throw badRequest('draft-malformed', bilingual(`Skicka ett objekt med ${expected.sv}.`, `Send an object with ${expected.en}.`));
  }
  return body as Record<string, unknown>;
}

const view = ({ row, eserviceTitle, eserviceOpen }: operations.DraftView) => ({
  id: row.id,
  eserviceId: row.eservice_id,
  version: row.version,
  eserviceTitle,
  eserviceOpen,
  stepId: row.step_id,
  revision: row.revision,
  answers: row.answers,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  expiresSoon: operations.expiresSoon(row.expires_at),
});

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const draft = { type: 'object', description: 'The draft: answers, step, revision (also its ETag), expiry' };
const draftBody = jsonBody({ type: 'object', required: ['answers'], properties: { eserviceId: { type: 'string' }, version: { type: 'integer' }, answers: object, stepId: { type: ['string', 'null'] } } });
const draftId = param('id', 'Draft id');
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag (revision) of the draft as read' };
const tags = ['drafts'];

/** Mounted at /api/me/drafts: the logged-in citizen's drafts in the session's municipality. */
export function draftRoutes({ db, ttlDays, validators, cleanup }: DraftRouteOptions): RouteDeclaration[] {
  const access = citizenExplained(DRAFTS_NEED_LOGIN);
  const context = (res: Response): operations.DraftContext => ({ db, session: draftOwner(res), ttlDays, validators });
  return [
    route(
      'get',
      '/',
      access,
      'My saved drafts, with expiry',
      [
        noStore,
        async (_req, res) => {
          const ctx = context(res);
          await cleanup?.onAccess();
          const drafts = await operations.listOwnDrafts(ctx);
          res.json({
            municipalityId: ctx.session.municipalityId,
            ttlDays,
            items: drafts.map((draft) => ({
              ...draft,
              updatedAt: draft.updatedAt.toISOString(),
              expiresAt: draft.expiresAt.toISOString(),
              url: draftPath(draft.id),
            })),
          });
        },
      ],
      { tags, operation: { responses: { 200: json(list(object)), ...problems(401) } } },
    ),

    route(
      'post',
      '/',
      access,
      'Save a new draft',
      [
        noStore,
        async (req, res) => {
          const ctx = context(res);
          const body = bodyObject(req, { sv: '”eserviceId”, ”version” och ”answers” (svaren)', en: '“eserviceId”, “version” and “answers”' });
          if (typeof body.eserviceId !== 'string' || body.eserviceId === '') {
            throw badRequest('draft-malformed', bilingual('”eserviceId” ska vara e-tjänstens id.', '“eserviceId” must be the e-service id.'));
          }
          const version = positiveInteger(body.version, 'version');
          const draft = await operations.createDraft(ctx, { eserviceId: body.eserviceId, version, ...draftInput(body) });
          res.status(201).location(draftPath(draft.row.id)).set('ETag', etag(draft.row.revision)).json(view(draft));
        },
      ],
      { tags, limit: 'draft-save', idempotent: 'reserved', operation: { requestBody: draftBody, responses: { 201: json(draft, 'Saved; ETag holds the revision'), ...problems(400, 401, 403, 409, 422, 429) } } },
    ),

    route(
      'get',
      '/:id',
      access,
      'One of my drafts',
      [
        noStore,
        async (req, res) => {
          const draft = await operations.readDraft(context(res), String(req.params.id));
          res.set('ETag', etag(draft.row.revision)).json(view(draft));
        },
      ],
      { tags, operation: { parameters: [draftId], responses: { 200: json(draft), ...problems(401, 404, 410) } } },
    ),

    route(
      'put',
      '/:id',
      access,
      'Autosave a draft (optimistic locking with If-Match)',
      [
        noStore,
        async (req, res) => {
          const ctx = context(res);
          const revision = expectedRevision(req.get('If-Match'));
          const input = draftInput(bodyObject(req, { sv: '”answers” (svaren) och gärna ”stepId”', en: '“answers” and optionally “stepId”' }));
          const draft = await operations.saveDraft(ctx, String(req.params.id), revision, input);
          res.set('ETag', etag(draft.row.revision)).json(view(draft));
        },
      ],
      { tags, limit: 'draft-save', idempotent: 'reserved', operation: { parameters: [draftId, ifMatch], requestBody: draftBody, responses: { 200: json(draft), ...problems(400, 401, 403, 404, 409, 410, 412, 422, 428, 429) } } },
    ),

    route(
      'delete',
      '/:id',
      access,
      'Delete a draft',
      [
        noStore,
        async (req, res) => {
          await operations.removeDraft(context(res), String(req.params.id));
          res.status(204).end();
        },
      ],
      { tags, operation: { parameters: [draftId], responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) } } },
    ),
  ];
}

/**
 * After a submission is committed the applicant's draft for the e-service is deleted. A failure
 * is logged; the stored submission stands.
 */
export function deletingDraftAfterSubmission(db: Kysely<Database>, logger: Logger): AfterSubmission {
  return async (tenant, { receipt, draft }) => {
    if (!draft) return; // none saved (the submission's statement looked)
    try {
      await operations.deleteDraftOfSubmission(db, tenant.municipalityId, receipt.submissionId, draft);
    } catch (error) {
      logger.warn({ err: error, submissionId: receipt.submissionId }, 'draft of a submission could not be deleted');
    }
  };
}
