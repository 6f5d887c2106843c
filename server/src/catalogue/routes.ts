import { Router } from 'express';
import { bilingual, matchesSearch, maturityLevel, type EServiceDefinition } from '@etjanst/schemas';
import { pausedView } from '../eservices/open-version.js';
import { findPublishedVersion, listPublishedVersions } from '../eservices/repository.js';
import { pathParam, tenantOf } from '../http/context.js';
import { notFound } from '../problems/problem.js';

/** The citizen catalogue: what a municipality has published; mounted at .../:municipality/catalogue. */
export function catalogueRoutes(): Router {
  const router = Router({ mergeParams: true });

  /** ?q= searches titles, summaries and keywords in both languages, forgiving case and diacritics. */
  router.get('/', async (req, res) => {
    const ctx = tenantOf(res);
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const versions = await listPublishedVersions(ctx.db, ctx.municipalityId);
    res.json({
      items: versions
        .filter(({ definition }) => matchesSearch(query, searchableTexts(definition)))
        .map(({ eservice_id, version, definition, paused_at, pause_message }) => ({
          eserviceId: eservice_id,
          version,
          paused: pausedView({ paused_at, pause_message }),
          title: definition.catalogue.title,
          summary: definition.catalogue.summary,
          topic: definition.catalogue.topic,
          keywords: definition.catalogue.keywords ?? [],
          access: definition.access,
          maturityLevel: maturityLevel(definition),
          requirements: {
            login: definition.access.login,
            ...(definition.access.login === 'eid' ? { levelOfAssurance: definition.access.levelOfAssurance } : {}),
            companyRepresentative: definition.access.login === 'eid' && definition.access.companyRepresentative,
            signing: definition.signing.required,
          },
        })),
    });
  });

  router.get('/:eserviceId', async (req, res) => {
    const ctx = tenantOf(res);
    const eserviceId = pathParam(req, 'eserviceId');
    const published = await findPublishedVersion(ctx.db, ctx.municipalityId, eserviceId);
    if (!published) throw notFound(bilingual(`E-tjänsten ”${eserviceId}”`, `The e-service “${eserviceId}”`));
    res.json({ eserviceId, version: published.version, paused: pausedView(published), definition: published.definition });
  });

  return router;
}

const searchableTexts = ({ catalogue }: EServiceDefinition) => [
  catalogue.title.sv,
  catalogue.title.en,
  catalogue.summary.sv,
  catalogue.summary.en,
  ...(catalogue.keywords ?? []),
];
