import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import { CITIZEN } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, problems } from '../openapi/operations.js';
import { requireSession } from '../identity/sessions.js';
import { findContactDetails } from './contact-details.js';
import { buildPrefill, CONTACT_DETAILS } from './mapping.js';
import type { PrefillService, SourceOutcome } from './service.js';
import { findOpenVersion } from '../eservices/open-version.js';
import { requireAssurance } from '../identity/assurance.js';
import type { PrefillRecord } from './source.js';

const UNAVAILABLE = bilingual(
  'Vi kunde inte hämta dina uppgifter från folkbokföringen just nu. Fyll i dem själv.',
  'We could not fetch your details from the population register right now. Please fill them in yourself.',
);
const NOT_FOUND = bilingual(
  'Vi hittade inga uppgifter om dig i folkbokföringen. Fyll i dem själv.',
  'We found no details about you in the population register. Please fill them in yourself.',
);

const prefill = {
  type: 'object',
  properties: {
    answers: { type: 'object', description: 'Prefilled answers by field' },
    sources: { type: 'object', description: 'Where each prefilled answer came from' },
    warning: { type: 'object', description: 'A source could not answer, or had nothing on the person (code, sv, en)' },
  },
};

/** Mounted at /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/prefill. */
export function prefillRoutes(service: PrefillService): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      CITIZEN,
      'Answers prefilled from the population register and saved contact details, with their sources',
      async (req, res) => {
        const ctx = tenantOf(res);
        const session = requireSession(res, ctx.municipalityId);
        const eserviceId = pathParam(req, 'eserviceId');
        const version = positiveInteger(pathParam(req, 'version'), 'version');
        const { pinned } = await findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version);
        const definition = pinned.definition;
        // register data is handed out only at the level of assurance the e-service asks for
        requireAssurance(session, definition);
        const sourceIds = definition.prefill.map((m) => m.source as string).filter((s) => s !== CONTACT_DETAILS);
        const [outcomes, contact] = await Promise.all([
          service.lookups(session, sourceIds),
          findContactDetails(ctx.db, ctx.municipalityId, session.person.personalIdentityNumber),
        ]);
        const { answers, sources } = buildPrefill(definition, recordsOf(outcomes), contact);
        const warning = warningFor([...outcomes.values()]);
        res.set('Cache-Control', 'no-store');
        res.json({ answers, sources, ...(warning ? { warning } : {}) });
      },
      { tags: ['prefill'], operation: { responses: { 200: json(prefill), ...problems(400, 401, 403, 404, 409) } } },
    ),
  ];
}

export const recordsOf = (outcomes: ReadonlyMap<string, SourceOutcome>) =>
  new Map<string, PrefillRecord | undefined>([...outcomes].map(([id, o]) => [id, o.status === 'found' ? o.record : undefined]));

function warningFor(outcomes: SourceOutcome[]): (BilingualMessage & { code: string }) | undefined {
  if (outcomes.some((o) => o.status === 'unavailable')) return { code: 'prefill-source-unavailable', ...UNAVAILABLE };
  if (outcomes.some((o) => o.status === 'not-found')) return { code: 'prefill-person-not-found', ...NOT_FOUND };
  return undefined;
}
