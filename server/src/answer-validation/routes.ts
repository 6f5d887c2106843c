import { bilingual, LANGUAGES, type Language } from '@etjanst/schemas';
import type { Request, Response } from 'express';
import { findOpenVersion } from '../eservices/open-version.js';
import { PUBLIC } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { param, problems } from '../openapi/operations.js';
import { notFound } from '../problems/problem.js';
import type { AnswerValidators } from './validators.js';

const tags = ['catalogue'];

/** An ES module, which the portal imports (`import()`; the CSP's script-src 'self' admits it). */
export const validatorModuleResponse = { description: 'An ES module whose default export makes the validators', content: { 'text/javascript': { schema: { type: 'string' } } } };
export const languageParameter = param('language', 'A language of the form', { type: 'string', enum: [...LANGUAGES] });

/** The :language of a form the definition has, or 404. */
export function formLanguageParam(req: Request, languages: readonly Language[]): Language {
  const language = pathParam(req, 'language') as Language;
  if (!languages.includes(language)) throw notFound(bilingual(`Formuläret på språket ”${language}”`, `The form in the language “${language}”`));
  return language;
}

/** Sends validator code; the module is the same while `fingerprint` is, so the browser may revalidate rather than fetch. */
function sendValidatorModule(req: Request, res: Response, code: string, fingerprint: string): void {
  res.set({ 'Cache-Control': 'no-cache', ETag: `"${fingerprint}"` }).type('text/javascript');
  if (req.fresh) res.status(304).end();
  else res.send(code);
}

/**
 * Mounted at .../:municipality/eservices/:eserviceId/versions/:version/form-validators: the
 * portal's validators of a published version's steps, generated at publish and stored with it.
 */
export function formValidatorRoutes(validators: AnswerValidators): RouteDeclaration[] {
  return [
    route(
      'get',
      '/:language.js',
      PUBLIC,
      "The portal's precompiled validators of the version's steps in one language",
      async (req, res) => {
        const ctx = tenantOf(res);
        const eserviceId = pathParam(req, 'eserviceId');
        const version = positiveInteger(pathParam(req, 'version'), 'version');
        const { pinned } = await findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version);
        const language = formLanguageParam(req, pinned.definition.languages);
        const module = await validators.formModule({ municipalityId: ctx.municipalityId, eserviceId, version }, pinned.definition, language);
        if (!module) throw notFound(bilingual(`Formuläret på språket ”${language}”`, `The form in the language “${language}”`));
        sendValidatorModule(req, res, module.code, module.fingerprint);
      },
      { tags, operation: { parameters: [languageParameter], responses: { 200: validatorModuleResponse, ...problems(404, 409) } } },
    ),
  ];
}
