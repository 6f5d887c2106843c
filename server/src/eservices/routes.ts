import { Router } from 'express';
import { bilingual } from '@etjanst/schemas';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { Problem } from '../problems/problem.js';
import * as operations from './operations.js';

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

/** Designer API for e-service definitions; mounted at /api/municipalities/:municipality/eservices. */
export function eserviceRoutes({ publishCheck }: { publishCheck: operations.PublishCheck }): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    res.json({ items: await operations.listEServiceSummaries(tenantOf(res)) });
  });

  router.post('/', async (req, res) => {
    const row = await operations.createEService(tenantOf(res), req.body);
    res.status(201).location(`${req.baseUrl}/${row.id}`).set('ETag', etag(row.revision)).json({ ...operations.summarize(row), definition: row.draft });
  });

  router.post('/import', async (req, res) => {
    const { row, created } = await operations.importEService(tenantOf(res), req.body, req.query.replace === 'true');
    res.status(created ? 201 : 200).set('ETag', etag(row.revision)).json(operations.summarize(row));
  });

  router.get('/:id', async (req, res) => {
    const row = await operations.getEService(tenantOf(res), pathParam(req, 'id'));
    res.set('ETag', etag(row.revision)).json({ ...operations.summarize(row), definition: row.draft });
  });

  router.put('/:id', async (req, res) => {
    const revision = expectedRevision(req.get('If-Match'));
    const row = await operations.updateEServiceDraft(tenantOf(res), pathParam(req, 'id'), req.body, revision);
    res.set('ETag', etag(row.revision)).json({ ...operations.summarize(row), definition: row.draft });
  });

  router.post('/:id/validate', async (req, res) => {
    const row = await operations.getEService(tenantOf(res), pathParam(req, 'id'));
    const { valid, problems } = operations.validateForPlatform(row.draft);
    res.json({ valid, problems });
  });

  router.post('/:id/publish', async (req, res) => {
    const version = await operations.publishEService(tenantOf(res), pathParam(req, 'id'), publishCheck);
    res.status(201).json({ version: version.version, publishedAt: version.published_at });
  });

  router.post('/:id/unpublish', async (req, res) => {
    const row = await operations.unpublishEService(tenantOf(res), pathParam(req, 'id'));
    res.json(operations.summarize(row));
  });

  router.get('/:id/versions', async (req, res) => {
    const versions = await operations.listEServiceVersions(tenantOf(res), pathParam(req, 'id'));
    res.json({
      items: versions.map((v) => ({ version: v.version, publishedAt: v.published_at, publishedBy: v.published_by, draftRevision: v.draft_revision })),
    });
  });

  router.get('/:id/versions/:version', async (req, res) => {
    const row = await operations.getVersion(tenantOf(res), pathParam(req, 'id'), positiveInteger(pathParam(req, 'version'), 'version'));
    res.json({ version: row.version, publishedAt: row.published_at, definition: row.definition });
  });

  /** The draft, or with ?version=N a published version, as a downloadable definition file. */
  router.get('/:id/export', async (req, res) => {
    const ctx = tenantOf(res);
    const id = pathParam(req, 'id');
    const definition =
      req.query.version === undefined
        ? (await operations.getEService(ctx, id)).draft
        : (await operations.getVersion(ctx, id, positiveInteger(req.query.version, 'version'))).definition;
    const suffix = req.query.version === undefined ? 'utkast' : `v${String(req.query.version)}`;
    res.attachment(`${id}-${suffix}.json`).type('application/json').send(JSON.stringify(definition, null, 2));
  });

  return router;
}
