import { bilingual, LANGUAGES, textIn, type Language } from '@etjanst/schemas';
import { findOpenVersion } from '../eservices/open-version.js';
import { PUBLIC } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { findMunicipality } from '../municipalities/repository.js';
import { pdf as pdfResponse, problems, query } from '../openapi/operations.js';
import { badRequest, notFound } from '../problems/problem.js';
import { blankFormContent } from './content.js';
import { renderBlankFormPdf } from './pdf.js';

const languageParam = (value: unknown): Language => {
  if (value === undefined) return 'sv';
  if (typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw badRequest('invalid-language', bilingual('Språket ska vara sv eller en.', 'The language must be sv or en.'));
};

/**
 * Mounted at /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/blank-form:
 * `GET ?language=sv|en`, the printable blank form of a published version (the non-digital channel).
 * A published version never changes, so the PDF may be cached.
 */
export function blankFormRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      PUBLIC,
      'The printable blank form of a published version (PDF), for the non-digital channel',
      async (req, res) => {
        const ctx = tenantOf(res);
        const eserviceId = pathParam(req, 'eserviceId');
        const version = positiveInteger(pathParam(req, 'version'), 'version');
        const language = languageParam(req.query.language);
        const [{ pinned }, municipality] = await Promise.all([
          findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version),
          findMunicipality(ctx.db, ctx.municipalityId),
        ]);
        if (!municipality) throw notFound(bilingual(`Kommunen ”${ctx.municipalityId}”`, `The municipality “${ctx.municipalityId}”`));
        const content = blankFormContent(pinned.definition, textIn(municipality.name, language) ?? municipality.id, language);
        const pdf = await renderBlankFormPdf(content);
        const name = `${content.language === 'sv' ? 'blankett' : 'form'}-${eserviceId}-v${version}.pdf`;
        res
          .status(200)
          .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}"`, 'Cache-Control': 'public, max-age=3600' })
          .send(pdf);
      },
      { tags: ['catalogue'], operation: { parameters: [query('language', { enum: ['sv', 'en'] }, 'Default sv')], responses: { 200: pdfResponse, ...problems(400, 404, 409) } } },
    ),
  ];
}
