import type { Kysely } from 'kysely';
import { bilingual, isTelefonnummer } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { CITIZEN } from '../http/access.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { requireSession, sessionOf, type CitizenSession } from '../identity/sessions.js';
import { json, jsonBody, problems } from '../openapi/operations.js';
import { badRequest, unprocessable } from '../problems/problem.js';
import type { SavedContactDetails } from './mapping.js';

/**
 * "Information is given only once": a citizen may save their e-mail address and phone number
 * with the municipality, with consent, to have them filled in in the next e-service. Every change
 * is in the audit log (which fields, never the values).
 */

export interface ContactDetails extends SavedContactDetails {
  consentGivenAt: Date;
  updatedAt: Date;
}

export async function findContactDetails(db: Kysely<Database>, municipalityId: string, personalIdentityNumber: string): Promise<ContactDetails | undefined> {
  const row = await db
    .selectFrom('contact_details')
    .select(['email', 'phone', 'consent_given_at', 'updated_at'])
    .where('municipality_id', '=', municipalityId)
    .where('personal_identity_number', '=', personalIdentityNumber)
    .executeTakeFirst();
  return row && { email: row.email, phone: row.phone, consentGivenAt: row.consent_given_at, updatedAt: row.updated_at };
}

async function audit(db: Kysely<Database>, session: CitizenSession, subjectId: string, action: string, details: Record<string, unknown>) {
  await recordAudit(db, {
    municipalityId: session.municipalityId,
    actor: `citizen:${session.method}:${session.person.personalIdentityNumber}`,
    action,
    subjectType: 'contact-details',
    subjectId,
    details,
  });
}

/** Saves (creates or replaces) the logged-in citizen's contact details; consent must be given. */
export async function saveContactDetails(db: Kysely<Database>, session: CitizenSession, details: SavedContactDetails): Promise<ContactDetails> {
  return db.transaction().execute(async (trx) => {
    const before = await findContactDetails(trx, session.municipalityId, session.person.personalIdentityNumber);
    const now = new Date();
    const row = await trx
      .insertInto('contact_details')
      .values({
        municipality_id: session.municipalityId,
        personal_identity_number: session.person.personalIdentityNumber,
        email: details.email,
        phone: details.phone,
        consent_given_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['municipality_id', 'personal_identity_number']).doUpdateSet({ email: details.email, phone: details.phone, consent_given_at: now, updated_at: now }),
      )
      .returning(['id', 'email', 'phone', 'consent_given_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    const changed = (['email', 'phone'] as const).filter((f) => (before?.[f] ?? null) !== details[f]);
    await audit(trx, session, row.id, before ? 'contact-details.changed' : 'contact-details.saved', { fields: changed, consent: true });
    return { email: row.email, phone: row.phone, consentGivenAt: row.consent_given_at, updatedAt: row.updated_at };
  });
}

/** Withdraws consent: the details are deleted. True when there were some. */
export async function withdrawContactDetails(db: Kysely<Database>, session: CitizenSession): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('contact_details')
      .where('municipality_id', '=', session.municipalityId)
      .where('personal_identity_number', '=', session.person.personalIdentityNumber)
      .returning(['id'])
      .executeTakeFirst();
    if (row) await audit(trx, session, row.id, 'contact-details.withdrawn', { consent: false });
    return row !== undefined;
  });
}

/** The session of whatever municipality the citizen is logged in to; 401 otherwise. */
const requireAnySession = (res: Parameters<typeof sessionOf>[0]) => requireSession(res, sessionOf(res)?.municipalityId ?? '');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function parseBody(body: unknown): SavedContactDetails {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('contact-details-malformed', bilingual('Skicka ett objekt med ”email”, ”phone” och ”consent”.', 'Send an object with “email”, “phone” and “consent”.'));
  }
  const { email, phone, consent } = body as Record<string, unknown>;
  if (consent !== true) {
    throw unprocessable(
      'consent-required',
      bilingual('Du behöver samtycka till att vi sparar dina kontaktuppgifter.', 'You need to consent to us saving your contact details.'),
    );
  }
  const text = (value: unknown, name: string): string | null => {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw badRequest('contact-details-malformed', bilingual(`”${name}” ska vara text.`, `“${name}” must be text.`));
    return value.trim();
  };
  const details = { email: text(email, 'email'), phone: text(phone, 'phone') };
  const errors = [];
  if (details.email !== null && (details.email.length > 254 || !EMAIL.test(details.email))) {
    errors.push({ pointer: '/email', field: 'email', keyword: 'format', message: bilingual('Skriv en e-postadress, till exempel namn@exempel.se.', 'Enter an e-mail address, for example name@example.com.') });
  }
  if (details.phone !== null && !isTelefonnummer(details.phone)) {
    errors.push({ pointer: '/phone', field: 'phone', keyword: 'format', message: bilingual('Skriv ett telefonnummer, till exempel 070-123 45 67.', 'Enter a phone number, for example 070-123 45 67.') });
  }
  if (errors.length > 0) throw unprocessable('answers-invalid', bilingual('Några uppgifter behöver rättas.', 'Some details need correcting.'), { errors });
  if (details.email === null && details.phone === null) {
    throw unprocessable('contact-details-empty', bilingual('Skriv en e-postadress eller ett telefonnummer.', 'Enter an e-mail address or a phone number.'));
  }
  return details;
}

const view = (details: ContactDetails | undefined) =>
  details
    ? { email: details.email, phone: details.phone, consent: true, consentGivenAt: details.consentGivenAt, updatedAt: details.updatedAt }
    : { email: null, phone: null, consent: false };

const contactDetails = {
  type: 'object',
  properties: { email: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] }, consent: { type: 'boolean' }, consentGivenAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' } },
};
const tags = ['my-pages'];

/** Mounted at /api/me/contact-details: the logged-in citizen's own details, in the municipality they logged in to. */
export function contactDetailsRoutes(db: Kysely<Database>): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      CITIZEN,
      'My saved contact details',
      async (_req, res) => {
        const session = requireAnySession(res);
        res.set('Cache-Control', 'no-store');
        res.json(view(await findContactDetails(db, session.municipalityId, session.person.personalIdentityNumber)));
      },
      { tags, operation: { responses: { 200: json(contactDetails), ...problems(401) } } },
    ),
    route(
      'put',
      '/',
      CITIZEN,
      'Save my contact details (consent: true)',
      async (req, res) => {
        const session = requireAnySession(res);
        res.set('Cache-Control', 'no-store');
        res.json(view(await saveContactDetails(db, session, parseBody(req.body))));
      },
      {
        tags,
        operation: {
          requestBody: jsonBody({ type: 'object', required: ['consent'], properties: { email: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] }, consent: { const: true } } }),
          responses: { 200: json(contactDetails), ...problems(400, 401, 403, 422) },
        },
      },
    ),
    route(
      'delete',
      '/',
      CITIZEN,
      'Remove my contact details (withdraws the consent)',
      async (_req, res) => {
        const session = requireAnySession(res);
        await withdrawContactDetails(db, session);
        res.status(204).end();
      },
      { tags, operation: { responses: { 204: { description: 'Removed' }, ...problems(401, 403) } } },
    ),
  ];
}
