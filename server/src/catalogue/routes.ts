import { bilingual, matchesSearch, maturityLevel, type EServiceDefinition } from '@etjanst/schemas';
import { findPublishedVersion, listPublishedVersions } from '../eservices/repository.js';
import { PUBLIC } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, list, problems, query as queryParam, ref } from '../openapi/operations.js';
import { notFound } from '../problems/problem.js';
import { pausedView } from '../eservices/open-version.js';
import { mostUsedEServices } from './most-used.js';

const tags = ['catalogue'];

/** The citizen catalogue: what a municipality has published; mounted at .../:municipality/catalogue. */
export function catalogueRoutes(): RouteDeclaration[] {
  return [
    /** ?q= searches titles, summaries and keywords in both languages, forgiving case and diacritics. */
    route(
      'get',
      '/',
      PUBLIC,
      'Published e-services (citizen catalogue), searchable',
      async (req, res) => {
        const ctx = tenantOf(res);
        const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
        const [versions, mostUsed] = await Promise.all([listPublishedVersions(ctx.db, ctx.municipalityId), mostUsedEServices(ctx.db, ctx.municipalityId)]);
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
              ...(mostUsed.includes(eservice_id) ? { mostUsedRank: mostUsed.indexOf(eservice_id) + 1 } : {}),
              requirements: {
                login: definition.access.login,
                ...(definition.access.login === 'eid' ? { levelOfAssurance: definition.access.levelOfAssurance } : {}),
                companyRepresentative: definition.access.login === 'eid' && definition.access.companyRepresentative,
                signing: definition.signing.required,
              },
            })),
        });
      },
      {
        tags,
        operation: {
          parameters: [queryParam('q', { type: 'string', maxLength: 200 }, 'Search words; case and Swedish diacritics are ignored')],
          responses: { 200: json(list(ref('CatalogueItem'))), ...problems(404) },
        },
      },
    ),

    route(
      'get',
      '/:eserviceId',
      PUBLIC,
      'The published version of one e-service',
      async (req, res) => {
        const ctx = tenantOf(res);
        const eserviceId = pathParam(req, 'eserviceId');
        const published = await findPublishedVersion(ctx.db, ctx.municipalityId, eserviceId);
        if (!published) throw notFound(bilingual(`E-tjänsten ”${eserviceId}”`, `The e-service “${eserviceId}”`));
        res.json({ eserviceId, version: published.version, paused: pausedView(published), definition: published.definition });
      },
      { tags, operation: { responses: { 200: json(ref('PublishedEService')), ...problems(404) } } },
    ),
  ];
}

const searchableTexts = ({ catalogue }: EServiceDefinition) => [
  catalogue.title.sv,
  catalogue.title.en,
  catalogue.summary.sv,
  catalogue.summary.en,
  ...(catalogue.keywords ?? []),
];
