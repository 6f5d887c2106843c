import { Router } from 'express';
import { bilingual } from '@etjanst/schemas';
import { findPublishedVersion, listPublishedVersions } from '../eservices/repository.js';
import { pathParam, tenantOf } from '../http/context.js';
import { notFound } from '../problems/problem.js';

/** The citizen catalogue: what a municipality has published; mounted at .../:municipality/catalogue. */
export function catalogueRoutes(): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    const ctx = tenantOf(res);
    const versions = await listPublishedVersions(ctx.db, ctx.municipalityId);
    res.json({
      items: versions.map(({ eservice_id, version, definition }) => ({
        eserviceId: eservice_id,
        version,
        title: definition.catalogue.title,
        summary: definition.catalogue.summary,
        topic: definition.catalogue.topic,
        keywords: definition.catalogue.keywords ?? [],
        access: definition.access,
      })),
    });
  });

  router.get('/:eserviceId', async (req, res) => {
    const ctx = tenantOf(res);
    const eserviceId = pathParam(req, 'eserviceId');
    const published = await findPublishedVersion(ctx.db, ctx.municipalityId, eserviceId);
    if (!published) throw notFound(bilingual(`E-tjänsten ”${eserviceId}”`, `The e-service “${eserviceId}”`));
    res.json({ eserviceId, version: published.version, definition: published.definition });
  });

  return router;
}
