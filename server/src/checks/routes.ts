import { bilingual, type CheckLimits } from '@etjanst/schemas';
import { formValidatorCode } from '../answer-validation/code.js';
import { formLanguageParam, languageParameter, validatorModuleResponse } from '../answer-validation/routes.js';
import { findPublishedVersion } from '../eservices/repository.js';
import { credential, PUBLIC, staff } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { problems } from '../openapi/operations.js';
import { findMunicipality } from '../municipalities/repository.js';
import { notFound } from '../problems/problem.js';
import { catalogueDocument, publicCatalogue } from './catalogue-document.js';
import type { FastCheck, FullCheck } from './full-check.js';
import type { PreviewStore } from './preview-store.js';
import { findVersionCheck } from './repository.js';
import { accessibilityStatement } from './statement.js';

export interface ChecksRoutesOptions {
  check: FullCheck;
  /** The fast rules with the same facts as `check` */
  fastCheck: FastCheck;
  previews: PreviewStore;
  /** This installation's limits, which the designer judges by too */
  limits: CheckLimits;
}

/** Who may run a check or read a stored report: the people who build, review and run e-services. */
const CHECKERS = staff('municipality', 'designer', 'approver', 'municipality-admin');

/** Mounted at /api: the rule catalogue, checking a definition, and previews for the scan. */
export function checksRoutes({ check, fastCheck, previews, limits }: ChecksRoutesOptions): RouteDeclaration[] {
  return [
    route('get', '/requirements', PUBLIC, 'The must-requirement catalogue and this installation\'s limits', (_req, res) => {
      res.json({ ...publicCatalogue(), limits });
    }),

    route('get', '/requirements/document', PUBLIC, 'The catalogue as a document to hand to vendors (HTML)', (_req, res) => {
      const { version } = publicCatalogue();
      res.attachment(`tekniska-skall-krav-${version}.html`).type('text/html').send(catalogueDocument());
    }),

    /**
     * Checks a definition (e.g. a vendor's, before import) against every rule: the full check
     * with the browser scan, the same as publishing; ?scan=false runs the fast rules only.
     */
    route('post', '/checks', staff('installation', 'designer', 'approver', 'municipality-admin', 'platform-admin'), 'Check a definition against every must-requirement (?scan=false: without the browser scan)', async (req, res) => {
      const fast = req.query.scan === 'false';
      res.json(fast ? fastCheck(req.body) : await check(req.body));
    }, { limit: 'check' }),

    // the scan's own browser reads the definition it renders by an unguessable, short-lived token
    route('get', '/previews/:token', credential('preview-token'), 'A definition being scanned, for the scan\'s browser', (req, res) => {
      const definition = previews.get(pathParam(req, 'token'));
      if (!definition) throw notFound(bilingual('Förhandsvisningen', 'The preview'));
      res.set('Cache-Control', 'no-store').json({ definition });
    }),

    // the preview draws its steps as the portal does, with validators compiled here, not in the browser
    route(
      'get',
      '/previews/:token/form-validators/:language.js',
      credential('preview-token'),
      "The precompiled validators of a scanned definition's steps, for the scan's browser",
      (req, res) => {
        const definition = previews.get(pathParam(req, 'token'));
        if (!definition) throw notFound(bilingual('Förhandsvisningen', 'The preview'));
        const language = formLanguageParam(req, definition.languages);
        res.set('Cache-Control', 'no-store').type('text/javascript').send(formValidatorCode(definition, language));
      },
      { operation: { parameters: [languageParameter], responses: { 200: validatorModuleResponse, ...problems(404) } } },
    ),
  ];
}

/** Mounted at /api/municipalities/:municipality: a version's stored report and the accessibility statement. */
export function tenantChecksRoutes(): RouteDeclaration[] {
  return [
    route('get', '/eservices/:eserviceId/versions/:version/check', CHECKERS, 'The must-requirement report stored when the version was published', async (req, res) => {
      const ctx = tenantOf(res);
      const eserviceId = pathParam(req, 'eserviceId');
      const version = positiveInteger(pathParam(req, 'version'), 'version');
      const report = await findVersionCheck(ctx.db, ctx.municipalityId, eserviceId, version);
      if (!report) throw notFound(bilingual(`Kontrollen av version ${version} av ”${eserviceId}”`, `The check of version ${version} of “${eserviceId}”`));
      res.json(report);
    }),

    /** The statement of the published version, at a stable address per e-service. */
    route('get', '/catalogue/:eserviceId/accessibility-statement', PUBLIC, 'The accessibility statement of the published version', async (req, res) => {
      const ctx = tenantOf(res);
      const eserviceId = pathParam(req, 'eserviceId');
      const [published, municipality] = await Promise.all([findPublishedVersion(ctx.db, ctx.municipalityId, eserviceId), findMunicipality(ctx.db, ctx.municipalityId)]);
      if (!published || !municipality) throw notFound(bilingual(`E-tjänsten ”${eserviceId}”`, `The e-service “${eserviceId}”`));
      const report = await findVersionCheck(ctx.db, ctx.municipalityId, eserviceId, published.version);
      res.json(accessibilityStatement({ definition: published.definition, version: published.version, organisation: municipality.name, publishedAt: published.published_at, report }));
    }),
  ];
}
