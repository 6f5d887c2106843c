import { staff } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, list, param, problems } from '../openapi/operations.js';
import * as operations from './operations.js';

/** Reading the library and an e-service's origin or offer: whoever reads the municipality's e-services. */
const READ = staff('eservice', 'designer', 'approver', 'municipality-admin');
/** Adopting a template makes a draft in the department the body names: its designers. */
const DESIGN = staff('eservice', 'designer');
/** Offering an e-service to the other municipalities, or withdrawing it: its department's designers and approvers, or the municipality's administrator. */
const OFFER = staff('eservice', 'designer', 'approver', 'municipality-admin');

const object = { type: 'object' };
const TEMPLATE = [param('origin', `The municipality that offers the template, or "${operations.PLATFORM_ORIGIN}" for the platform's own`), param('template', 'Template id (the e-service id at its origin)')];
const ESERVICE = [param('id', 'E-service id')];
const documented = (parameters: object[], responses: Record<string, unknown>, requestBody?: object) => ({
  tags: ['templates'],
  operation: { parameters, ...(requestBody ? { requestBody } : {}), responses },
});

/** The template library of a municipality; mounted at /api/municipalities/:municipality/templates. */
export function templateLibraryRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      READ,
      "The templates the municipality may adopt: the platform's and those other municipalities offer (its own offered ones marked `own`)",
      async (_req, res) => {
        res.json({ items: await operations.listLibrary(tenantOf(res)) });
      },
      documented([], { 200: json(list(object)) }),
    ),

    route(
      'get',
      '/:origin/:template',
      READ,
      "A template's newest version as shared (no connectors, contact or feedback addresses, department or theme), and what was left out",
      async (req, res) => {
        res.json(await operations.templateVersion(tenantOf(res).db, pathParam(req, 'origin'), pathParam(req, 'template')));
      },
      documented(TEMPLATE, { 200: json(object), ...problems(404) }),
    ),

    route(
      'get',
      '/:origin/:template/versions/:version',
      READ,
      "One version of a template as shared (the designer compares the version an e-service was made from with the newest)",
      async (req, res) => {
        const version = positiveInteger(pathParam(req, 'version'), 'version');
        res.json(await operations.templateVersion(tenantOf(res).db, pathParam(req, 'origin'), pathParam(req, 'template'), version));
      },
      documented([...TEMPLATE, param('version', 'Version number', { type: 'integer', minimum: 1 })], { 200: json(object), ...problems(400, 404) }),
    ),

    route(
      'post',
      '/:origin/:template/adoptions',
      DESIGN,
      "Adopt a template: a new e-service draft of the municipality's own, linked to its origin (`id` defaults to the template's)",
      async (req, res) => {
        const ctx = tenantOf(res);
        const row = await operations.adoptTemplate(ctx, pathParam(req, 'origin'), pathParam(req, 'template'), req.body);
        res.status(201).location(`${req.baseUrl}/municipalities/${ctx.municipalityId}/eservices/${row.id}`).json({ id: row.id, revision: row.revision });
      },
      documented(
        TEMPLATE,
        { 201: json(object, 'The e-service made'), ...problems(400, 404, 409, 422) },
        jsonBody({
          type: 'object',
          required: ['owner'],
          properties: {
            id: { type: 'string', minLength: 2, maxLength: 64 },
            owner: {
              type: 'object',
              required: ['department', 'contact'],
              properties: {
                department: { type: 'string', maxLength: 64 },
                contact: { type: 'object', required: ['name', 'email'], properties: { name: { type: 'string', maxLength: 200 }, email: { type: 'string', maxLength: 254 }, phone: { type: 'string', maxLength: 20 } } },
              },
            },
          },
        }),
      ),
    ),
  ];
}

/** An e-service's part in the library; mounted at /api/municipalities/:municipality/eservices. */
export function templateOfferRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/:id/template-offer',
      READ,
      'Whether the e-service is offered to the other municipalities as a template, the version shared (`version` null while it is not published), and how many e-services were made from it',
      async (req, res) => {
        res.json(await operations.templateOffer(tenantOf(res), pathParam(req, 'id')));
      },
      documented(ESERVICE, { 200: json(object), ...problems(404) }),
    ),

    route(
      'put',
      '/:id/template-offer',
      OFFER,
      'Offer the published e-service to the other municipalities as a template: they see its newest published version, shared without its own settings (unpublishing withdraws the offer)',
      async (req, res) => {
        res.json(await operations.offerTemplate(tenantOf(res), pathParam(req, 'id')));
      },
      documented(ESERVICE, { 200: json(object), ...problems(404, 409) }),
    ),

    route(
      'delete',
      '/:id/template-offer',
      OFFER,
      'Withdraw the offer; e-services made from it stay as they are',
      async (req, res) => {
        res.json(await operations.withdrawTemplate(tenantOf(res), pathParam(req, 'id')));
      },
      documented(ESERVICE, { 200: json(object), ...problems(404) }),
    ),

    route(
      'get',
      '/:id/origin',
      READ,
      'The template the e-service was made from (`origin` null when none): the version made from, the one looked through last, the newest',
      async (req, res) => {
        res.json({ origin: await operations.originOf(tenantOf(res), pathParam(req, 'id')) });
      },
      documented(ESERVICE, { 200: json(object), ...problems(404) }),
    ),

    route(
      'post',
      '/:id/origin/reviewed',
      staff('eservice', 'designer'),
      "Record that the designers looked through the template's versions up to `version`: the notice of a newer version goes",
      async (req, res) => {
        res.json({ origin: await operations.markReviewed(tenantOf(res), pathParam(req, 'id'), req.body) });
      },
      documented(ESERVICE, { 200: json(object), ...problems(404, 422) }, jsonBody({ type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } })),
    ),
  ];
}
