import type { Response } from 'express';
import { bilingual, holdsRole, type EServiceDefinition, type StaffRole } from '@etjanst/schemas';
import type { EServiceRow } from '../db/tables.js';
import { staff } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { Problem } from '../problems/problem.js';
import { staffOf } from '../staff/sessions.js';
import { json, jsonBody, param, problems } from '../openapi/operations.js';
import { futureInstant, optionalBody, COMMENT_MAX, PAUSE_MESSAGE_MAX } from './input.js';
import * as operations from './operations.js';
import { pauseEService, resumeEService } from './pause.js';
import * as reviews from './reviews.js';
import { currentDraft } from './unfinished.js';

const etag = (revision: number) => `"${revision}"`;

/** Reads the revision the client edited from If-Match ("3" or W/"3"). */
function expectedRevision(header: string | undefined): number {
  if (!header) {
    throw new Problem(
      428,
      'revision-required',
      bilingual('Versionsuppgift saknas', 'Revision required'),
      bilingual('Skicka If-Match med utkastets ETag så att ingen annans ändring skrivs över.', "Send If-Match with the draft's ETag so that nobody else's change is overwritten."),
    );
  }
  return positiveInteger(header.replace(/^W\//, '').replace(/"/g, ''), 'If-Match');
}

const READ_ROLES: StaffRole[] = ['designer', 'approver', 'municipality-admin'];
const READ = staff('eservice', ...READ_ROLES);
const DESIGN = staff('eservice', 'designer');
const APPROVE = staff('eservice', 'approver');
const PAUSE = staff('eservice', 'approver', 'municipality-admin');

const optional = (properties: Record<string, object>) => ({ ...jsonBody({ type: 'object', properties }), required: false });
const instant = { type: 'string', format: 'date-time' };
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const ESERVICE = [param('municipality', 'Municipality id (slug)'), param('id', 'E-service id')];
const REVIEW = [...ESERVICE, param('reviewId', 'Review id', { type: 'string', format: 'uuid' })];
/** The OpenAPI operation of an approval-workflow route (the older routes have theirs in openapi/document.ts). */
const documented = (parameters: object[], responses: Record<string, unknown>, requestBody?: object) => ({
  tags: ['eservices'],
  operation: { parameters, ...(requestBody ? { requestBody } : {}), responses },
});
const anObject = json({ type: 'object' });

/**
 * After a draft is saved: the signing secrets of connectors that got their first one (webhooks),
 * by connector id. They are in that save's answer and never again (see delivery/connector-secrets).
 */
export type NewSigningSecrets = (ctx: operations.TenantContext, definition: EServiceDefinition) => Promise<Record<string, string>>;

/** The saved draft's answer, with the signing secrets it made, shown this once. */
async function withNewSecrets(res: Response, newSigningSecrets: NewSigningSecrets, row: EServiceRow, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const secrets = await newSigningSecrets(tenantOf(res), row.draft);
  if (Object.keys(secrets).length === 0) return body;
  res.set('Cache-Control', 'no-store');
  return { ...body, signingSecrets: secrets };
}

/** Whether the person asking may publish without a review (the designer and the list offer "Publicera" only then). */
const mayPublishDirectly = (res: Response) => reviews.mayPublishDirectly(tenantOf(res), staffOf(res)?.grants ?? []);

/**
 * The draft as the designer works on it: the latest save, valid or not, with its findings (none
 * when valid) and its warnings (other e-services with the same title).
 */
async function draftView(res: Response, row: EServiceRow): Promise<Record<string, unknown>> {
  const { definition, problems } = currentDraft(row);
  const [direct, warnings] = await Promise.all([mayPublishDirectly(res), operations.titleWarnings(tenantOf(res), row)]);
  return { ...operations.summarize(row), mayPublishDirectly: direct, definition, problems, warnings };
}

/** Designer API for e-service definitions; mounted at /api/municipalities/:municipality/eservices. */
export function eserviceRoutes({ publishCheck, newSigningSecrets }: { publishCheck: operations.PublishCheck; newSigningSecrets: NewSigningSecrets }): RouteDeclaration[] {
  return [
    route('get', '/', READ, 'The e-services of the municipality that the caller may read (of the departments where they hold a role), with draft and published state', async (_req, res) => {
      const ctx = tenantOf(res);
      const grants = staffOf(res)?.grants ?? [];
      const readable = (departmentId: string) => READ_ROLES.some((role) => holdsRole(grants, role, ctx.municipalityId, departmentId));
      const [summaries, direct] = await Promise.all([operations.listEServiceSummaries(ctx), mayPublishDirectly(res)]);
      res.json({ items: summaries.filter((summary) => readable(summary.departmentId)).map((summary) => ({ ...summary, mayPublishDirectly: direct })) });
    }),

    route('post', '/', DESIGN, 'Create an e-service from a definition (saved as its first draft); `warnings` names e-services with the same title', async (req, res) => {
      const row = await operations.createEService(tenantOf(res), req.body);
      const body = await withNewSecrets(res, newSigningSecrets, row, await draftView(res, row));
      res.status(201).location(`${req.baseUrl}${req.path.replace(/\/$/, '')}/${row.id}`).set('ETag', etag(row.revision)).json(body);
    }),

    route('post', '/import', DESIGN, 'Import a definition file (?replace=true replaces the draft of an existing e-service); `warnings` names e-services with the same title', async (req, res) => {
      const { row, created } = await operations.importEService(tenantOf(res), req.body, req.query.replace === 'true');
      const warnings = await operations.titleWarnings(tenantOf(res), row);
      res.status(created ? 201 : 200).set('ETag', etag(row.revision)).json(await withNewSecrets(res, newSigningSecrets, row, { ...operations.summarize(row), warnings }));
    }),

    route('get', '/:id', READ, 'An e-service with its draft definition as last saved, and its findings when not valid (ETag: the draft revision)', async (req, res) => {
      const row = await operations.getEService(tenantOf(res), pathParam(req, 'id'));
      res.set('ETag', etag(row.revision)).json(await draftView(res, row));
    }),

    route('put', '/:id', DESIGN, 'Save the draft (optimistic locking with If-Match); one that is not valid yet is saved with its findings; `warnings` names e-services with the same title', async (req, res) => {
      const revision = expectedRevision(req.get('If-Match'));
      const row = await operations.updateEServiceDraft(tenantOf(res), pathParam(req, 'id'), req.body, revision);
      res.set('ETag', etag(row.revision)).json(await withNewSecrets(res, newSigningSecrets, row, await draftView(res, row)));
    }),

    route('post', '/:id/validate', READ, 'Validate the draft against the definition format and the platform', async (req, res) => {
      const row = await operations.getEService(tenantOf(res), pathParam(req, 'id'));
      const { valid, problems } = operations.validateForPlatform(currentDraft(row).definition);
      res.json({ valid, problems });
    }),

    route('post', '/:id/publish', APPROVE, 'Publish the draft without a review (only where the four-eyes rule is off), after the full must-requirement check', async (req, res) => {
      const version = await reviews.publishWithoutReview(tenantOf(res), pathParam(req, 'id'), publishCheck);
      res.status(201).json({ version: version.version, publishedAt: version.published_at });
    }),

    route(
      'post',
      '/:id/unpublish',
      APPROVE,
      'Take the e-service out of the catalogue now, or at a future time `at`',
      async (req, res) => {
        const ctx = tenantOf(res);
        const at = futureInstant(optionalBody(req.body).at, 'at', new Date());
        const row = at ? await operations.scheduleUnpublishing(ctx, pathParam(req, 'id'), at) : await operations.unpublishEService(ctx, pathParam(req, 'id'));
        res.json(operations.summarize(row));
      },
      documented(ESERVICE, { 200: anObject, ...problems(404, 409, 422) }, optional({ at: instant })),
    ),

    route(
      'post',
      '/:id/pause',
      PAUSE,
      'Pause a published e-service: it stays in the catalogue with the message and takes no submissions',
      async (req, res) => {
        res.json(operations.summarize(await pauseEService(tenantOf(res), pathParam(req, 'id'), req.body)));
      },
      documented(
        ESERVICE,
        { 200: anObject, ...problems(404, 409, 422) },
        jsonBody({
          type: 'object',
          required: ['message'],
          properties: { message: { type: 'object', required: ['sv', 'en'], properties: { sv: text(PAUSE_MESSAGE_MAX), en: text(PAUSE_MESSAGE_MAX) } } },
        }),
      ),
    ),

    route(
      'post',
      '/:id/resume',
      PAUSE,
      'Resume a paused e-service',
      async (req, res) => {
        res.json(operations.summarize(await resumeEService(tenantOf(res), pathParam(req, 'id'))));
      },
      documented(ESERVICE, { 200: anObject, ...problems(404) }),
    ),

    route(
      'post',
      '/:id/reviews',
      DESIGN,
      'Send the draft for review: it must be valid and meet every must-requirement; an earlier pending review is superseded',
      async (req, res) => {
        const review = await reviews.sendForReview(tenantOf(res), pathParam(req, 'id'), publishCheck);
        res.status(201).location(`${req.baseUrl}${req.path}/${review.id}`).json(reviews.reviewSummary(review));
      },
      documented(ESERVICE, { 201: json({ type: 'object' }, 'Sent for review'), ...problems(404, 409, 422) }),
    ),

    route(
      'get',
      '/:id/reviews',
      READ,
      "The reviews of the e-service, newest first, with the approvers' decisions and comments",
      async (req, res) => {
        res.json({ items: (await reviews.listReviews(tenantOf(res), pathParam(req, 'id'))).map(reviews.reviewSummary) });
      },
      documented(ESERVICE, { 200: anObject, ...problems(404) }),
    ),

    route(
      'get',
      '/:id/reviews/:reviewId',
      READ,
      'One review: the reviewed definition, the published one to compare with, and the check report',
      async (req, res) => {
        const { review, publishedDefinition, ownChange } = await reviews.getReview(tenantOf(res), pathParam(req, 'id'), pathParam(req, 'reviewId'));
        res.json({ ...reviews.reviewSummary(review), ownChange, definition: review.definition, publishedDefinition, report: review.report });
      },
      documented(REVIEW, { 200: anObject, ...problems(404) }),
    ),

    route(
      'post',
      '/:id/reviews/:reviewId/approve',
      APPROVE,
      'Approve a review: publish the reviewed revision now, or at `publishAt` (four-eyes: not your own change)',
      async (req, res) => {
        const review = await reviews.approveReview(tenantOf(res), pathParam(req, 'id'), pathParam(req, 'reviewId'), req.body, publishCheck);
        res.json(reviews.reviewSummary(review));
      },
      documented(REVIEW, { 200: anObject, ...problems(403, 404, 409, 422) }, optional({ publishAt: instant })),
    ),

    route(
      'post',
      '/:id/reviews/:reviewId/return',
      APPROVE,
      'Return a review to the designer with a comment',
      async (req, res) => {
        res.json(reviews.reviewSummary(await reviews.returnReview(tenantOf(res), pathParam(req, 'id'), pathParam(req, 'reviewId'), req.body)));
      },
      documented(REVIEW, { 200: anObject, ...problems(404, 409, 422) }, jsonBody({ type: 'object', required: ['comment'], properties: { comment: text(COMMENT_MAX) } })),
    ),

    route('get', '/:id/versions', READ, 'The published versions', async (req, res) => {
      const versions = await operations.listEServiceVersions(tenantOf(res), pathParam(req, 'id'));
      res.json({
        items: versions.map((v) => ({ version: v.version, publishedAt: v.published_at, publishedBy: v.published_by, draftRevision: v.draft_revision })),
      });
    }),

    route('get', '/:id/versions/:version', READ, 'One published version with its definition', async (req, res) => {
      const row = await operations.getVersion(tenantOf(res), pathParam(req, 'id'), positiveInteger(pathParam(req, 'version'), 'version'));
      res.json({ version: row.version, publishedAt: row.published_at, definition: row.definition });
    }),

    route(
      'post',
      '/:id/versions/:version/restore',
      DESIGN,
      "Make a published version the draft again (If-Match: the draft's ETag, so nobody's newer save is overwritten); the versions stay as they are",
      async (req, res) => {
        const version = positiveInteger(pathParam(req, 'version'), 'version');
        const row = await operations.restoreVersionAsDraft(tenantOf(res), pathParam(req, 'id'), version, expectedRevision(req.get('If-Match')));
        res.set('ETag', etag(row.revision)).json(await withNewSecrets(res, newSigningSecrets, row, await draftView(res, row)));
      },
      documented(
        [...ESERVICE, param('version', 'Published version number', { type: 'integer', minimum: 1 }), { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: "The draft's ETag" }],
        { 200: json({ type: 'object' }, 'The restored draft, as GET returns it'), ...problems(403, 404, 412, 428) },
      ),
    ),

    /** The draft, or with ?version=N a published version, as a downloadable definition file. */
    route('get', '/:id/export', READ, 'The draft, or ?version=N, as a definition file', async (req, res) => {
      const ctx = tenantOf(res);
      const id = pathParam(req, 'id');
      const definition =
        req.query.version === undefined
          ? currentDraft(await operations.getEService(ctx, id)).definition
          : (await operations.getVersion(ctx, id, positiveInteger(req.query.version, 'version'))).definition;
      const suffix = req.query.version === undefined ? 'utkast' : `v${String(req.query.version)}`;
      res.attachment(`${id}-${suffix}.json`).type('application/json').send(JSON.stringify(definition, null, 2));
    }),
  ];
}
