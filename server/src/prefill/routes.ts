import { Router } from 'express';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import { findEService, findVersion } from '../eservices/repository.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { requireSession } from '../identity/sessions.js';
import { notFound, Problem } from '../problems/problem.js';
import { findContactDetails } from './contact-details.js';
import { buildPrefill, CONTACT_DETAILS } from './mapping.js';
import type { PrefillService, SourceOutcome } from './service.js';
import type { PrefillRecord } from './source.js';

const UNAVAILABLE = bilingual(
  'Vi kunde inte hämta dina uppgifter från folkbokföringen just nu. Fyll i dem själv.',
  'We could not fetch your details from the population register right now. Please fill them in yourself.',
);
const NOT_FOUND = bilingual(
  'Vi hittade inga uppgifter om dig i folkbokföringen. Fyll i dem själv.',
  'We found no details about you in the population register. Please fill them in yourself.',
);

/** Mounted at /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/prefill. */
export function prefillRoutes(service: PrefillService): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const ctx = tenantOf(res);
    const session = requireSession(res, ctx.municipalityId);
    const eserviceId = pathParam(req, 'eserviceId');
    const version = positiveInteger(pathParam(req, 'version'), 'version');
    const [eservice, pinned] = await Promise.all([
      findEService(ctx.db, ctx.municipalityId, eserviceId),
      findVersion(ctx.db, ctx.municipalityId, eserviceId, version),
    ]);
    if (!eservice || !pinned) {
      throw notFound(bilingual(`Version ${version} av e-tjänsten ”${eserviceId}”`, `Version ${version} of the e-service “${eserviceId}”`));
    }
    if (eservice.published_version === null) {
      throw new Problem(
        409,
        'eservice-not-published',
        bilingual('E-tjänsten är stängd', 'The e-service is closed'),
        bilingual(`E-tjänsten ”${eserviceId}” tar inte emot ansökningar just nu.`, `The e-service “${eserviceId}” is not accepting submissions right now.`),
      );
    }
    const definition = pinned.definition;
    // register data is handed out only at the level of assurance the e-service asks for
    if (definition.access.login === 'eid' && session.loa < definition.access.levelOfAssurance) {
      const required = definition.access.levelOfAssurance;
      throw new Problem(
        403,
        'loa-too-low',
        bilingual('Starkare inloggning krävs', 'A stronger login is required'),
        bilingual(
          `Den här e-tjänsten kräver e-legitimation med tillitsnivå ${required}. Din inloggning har nivå ${session.loa}.`,
          `This e-service requires an e-ID at level of assurance ${required}. Your login has level ${session.loa}.`,
        ),
        { requiredLoa: required, loa: session.loa },
      );
    }
    const sourceIds = definition.prefill.map((m) => m.source as string).filter((s) => s !== CONTACT_DETAILS);
    const [outcomes, contact] = await Promise.all([
      service.lookups(session, sourceIds),
      findContactDetails(ctx.db, ctx.municipalityId, session.person.personalIdentityNumber),
    ]);
    const { answers, sources } = buildPrefill(definition, recordsOf(outcomes), contact);
    const warning = warningFor([...outcomes.values()]);
    res.set('Cache-Control', 'no-store');
    res.json({ answers, sources, ...(warning ? { warning } : {}) });
  });

  return router;
}

export const recordsOf = (outcomes: ReadonlyMap<string, SourceOutcome>) =>
  new Map<string, PrefillRecord | undefined>([...outcomes].map(([id, o]) => [id, o.status === 'found' ? o.record : undefined]));

function warningFor(outcomes: SourceOutcome[]): (BilingualMessage & { code: string }) | undefined {
  if (outcomes.some((o) => o.status === 'unavailable')) return { code: 'prefill-source-unavailable', ...UNAVAILABLE };
  if (outcomes.some((o) => o.status === 'not-found')) return { code: 'prefill-person-not-found', ...NOT_FOUND };
  return undefined;
}
