import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, DEFAULT_BRAND_COLOURS } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { PUBLIC, staff } from '../http/access.js';
import { tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, localized, problems } from '../openapi/operations.js';
import { conflict, notFound } from '../problems/problem.js';
import { isUniqueViolation } from '../db/errors.js';
import { parseBrandingChange, parseLogo } from './input.js';
import { deleteLogo, loadBranding, loadLogo, municipalityOfHost, saveBranding, saveLogo, shownName, type Branding } from './repository.js';

const logoPath = (b: Branding) => `/api/municipalities/${b.municipalityId}/branding/logo?v=${b.logoVersion}`;

/** What the portal, the receipts and the statement show: the name, the colours in force (the platform's without its own) and the logo's address. */
export const brandingView = (b: Branding) => ({
  municipalityId: b.municipalityId,
  name: shownName(b),
  displayName: b.displayName,
  hostName: b.hostName,
  colours: b.colours,
  shownColours: b.colours ?? DEFAULT_BRAND_COLOURS,
  logoUrl: b.logoVersion ? logoPath(b) : null,
});

const colours = { type: 'object', properties: { primary: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' }, onPrimary: { type: 'string' }, focus: { type: 'string' } } };
const view = {
  type: 'object',
  properties: {
    municipalityId: { type: 'string' },
    name: localized,
    displayName: { oneOf: [localized, { type: 'null' }] },
    hostName: { type: ['string', 'null'] },
    colours: { oneOf: [colours, { type: 'null' }] },
    shownColours: colours,
    logoUrl: { type: ['string', 'null'] },
  },
};
const tags = ['branding'];

/**
 * Mounted at /api/municipalities/:municipality/branding: the municipality's own name, host
 * name, colours and logo. Anyone reads them (the portal shows them); its administrator sets them.
 */
export function brandingRoutes(db: Kysely<Database>, options: { publicUrl: string }): RouteDeclaration[] {
  const ADMIN = staff('municipality', 'municipality-admin');
  const installationHost = new URL(options.publicUrl).hostname.toLowerCase();
  const current = async (municipalityId: string) => (await loadBranding(db, municipalityId))!;
  return [
    route('get', '/', PUBLIC, 'The municipality\'s name, colours, host name and logo address as its pages show them', async (_req, res) => {
      // short caching: a change shows everywhere within a minute
      res.set('Cache-Control', 'public, max-age=60').json(brandingView(await current(tenantOf(res).municipalityId)));
    }, { tags, operation: { responses: { 200: json(view), ...problems(404) } } }),
    route('put', '/', ADMIN, 'Set the municipality\'s display name, host name and colours (colours checked against WCAG 2.1 contrast)', async (req, res) => {
      const ctx = tenantOf(res);
      const change = parseBrandingChange(req.body, installationHost);
      try {
        await db.transaction().execute(async (trx) => {
          await saveBranding(trx, ctx.municipalityId, change);
          await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'municipality.branding-changed', subjectType: 'municipality', subjectId: ctx.municipalityId, details: { ...change } });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('host-name-taken', bilingual('Värdnamnet används redan av en annan kommun.', 'Another municipality already uses that host name.'), { field: 'hostName' });
        throw error;
      }
      res.json(brandingView(await current(ctx.municipalityId)));
    }, {
      tags,
      operation: {
        requestBody: jsonBody({ type: 'object', properties: { displayName: { oneOf: [localized, { type: 'null' }] }, hostName: { type: ['string', 'null'] }, colours: { oneOf: [colours, { type: 'null' }] } } }),
        responses: { 200: json(view), ...problems(400, 401, 403, 404, 409, 415, 422) },
      },
    }),
    route('get', '/logo', PUBLIC, 'The municipality\'s logo (PNG or JPEG)', async (_req, res) => {
      const logo = await loadLogo(db, tenantOf(res).municipalityId);
      if (!logo) throw notFound(bilingual('Logotypen', 'The logo'));
      // the type found in its bytes at upload, never sniffed again; its address changes with it
      res
        .type(logo.mediaType)
        .set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': 'public, max-age=86400', ETag: `"${logo.sha256}"` })
        .send(Buffer.from(logo.bytes));
    }, { tags, operation: { responses: { 200: { description: 'The logo', content: { 'image/png': {}, 'image/jpeg': {} } }, ...problems(404) } } }),
    route('put', '/logo', ADMIN, 'Upload the municipality\'s logo: PNG or JPEG, at most 256 kB, base64 in `data` (SVG is refused)', async (req, res) => {
      const ctx = tenantOf(res);
      const logo = parseLogo(req.body);
      await db.transaction().execute(async (trx) => {
        await saveLogo(trx, ctx.municipalityId, logo);
        await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'municipality.logo-changed', subjectType: 'municipality', subjectId: ctx.municipalityId, details: { mediaType: logo.mediaType, size: logo.bytes.length, sha256: logo.sha256 } });
      });
      res.json(brandingView(await current(ctx.municipalityId)));
    }, { tags, operation: { requestBody: jsonBody({ type: 'object', required: ['data'], properties: { data: { type: 'string', contentEncoding: 'base64' } } }), responses: { 200: json(view), ...problems(400, 401, 403, 404, 413, 415, 422) } } }),
    route('delete', '/logo', ADMIN, 'Remove the municipality\'s logo', async (_req, res) => {
      const ctx = tenantOf(res);
      const removed = await db.transaction().execute(async (trx) => {
        const deleted = await deleteLogo(trx, ctx.municipalityId);
        if (deleted) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'municipality.logo-removed', subjectType: 'municipality', subjectId: ctx.municipalityId });
        return deleted;
      });
      if (!removed) throw notFound(bilingual('Logotypen', 'The logo'));
      res.status(204).end();
    }, { tags, operation: { responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) } } }),
  ];
}

/**
 * A municipality's own host name: its start page (`/`) is the municipality's catalogue. Only host
 * names stored by municipality administrators count; any other Host header (or X-Forwarded-Host
 * from a trusted proxy) gets the installation's own start page. The redirect is to a path made
 * from the stored municipality id, never from the header, so no header can steer it elsewhere.
 */
export function ownHostStartPage(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' || req.path !== '/') return next();
    res.vary('Host');
    const municipalityId = await municipalityOfHost(db, req.hostname.toLowerCase());
    if (!municipalityId) return next();
    res.set('Cache-Control', 'no-store').redirect(302, `/${encodeURIComponent(municipalityId)}`);
  };
}
