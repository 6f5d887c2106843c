import type { Kysely } from 'kysely';
import { bilingual, type EServiceDefinition, type LocalizedText } from '@etjanst/schemas';
import { isUniqueViolation } from '../db/errors.js';
import type { AnswerValidators } from '../answer-validation/validators.js';
import type { Database, DraftRow } from '../db/tables.js';
import { findEService, findVersion } from '../eservices/repository.js';
import type { CitizenSession } from '../identity/sessions.js';
import { notFound, Problem, unprocessable } from '../problems/problem.js';
import { requireAssurance } from '../identity/assurance.js';
import type { SentDraft } from '../submissions/operations.js';
import * as repository from './repository.js';

export const DEFAULT_DRAFT_TTL_DAYS = 30;
/** An expired draft is kept this long (answering 410 and shown as expired) before it is deleted. */
export const DRAFT_GRACE_DAYS = 7;
/** The list warns when a draft expires within this many days. */
export const EXPIRES_SOON_DAYS = 3;

const DAY_MS = 24 * 3600 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who asks and how long a save keeps a draft; drafts are the session's person's, in the session's municipality. */
export interface DraftContext {
  db: Kysely<Database>;
  session: CitizenSession;
  ttlDays: number;
  /** Published versions' validators; drafts are held to their drafts' schema (draftAnswerSchema) */
  validators: AnswerValidators;
}

export interface DraftInput {
  answers: Record<string, unknown>;
  stepId: string | null;
}

/** A draft as the citizen sees it, with the version it is pinned to. */
export interface DraftView {
  row: DraftRow;
  eserviceTitle: LocalizedText;
  /** Whether the e-service still takes answers (published); a closed one's draft is read-only. */
  eserviceOpen: boolean;
}

const ownerOf = (session: CitizenSession): repository.DraftOwner => ({
  municipalityId: session.municipalityId,
  personalIdentityNumber: session.person.personalIdentityNumber,
});

const actorOf = (session: CitizenSession) => `citizen:${session.method}:${session.person.personalIdentityNumber}`;

const expiryFrom = (now: Date, ttlDays: number) => new Date(now.getTime() + ttlDays * DAY_MS);

export const isExpired = (expiresAt: Date, now = new Date()) => expiresAt.getTime() <= now.getTime();

export const expiresSoon = (expiresAt: Date, now = new Date()) =>
  !isExpired(expiresAt, now) && expiresAt.getTime() - now.getTime() <= EXPIRES_SOON_DAYS * DAY_MS;

/** Another person's draft answers exactly like one that does not exist, so ids cannot be probed. */
const draftNotFound = () => notFound(bilingual('Utkastet', 'The draft'));

const formatDate = (date: Date) => ({
  sv: date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', year: 'numeric' }),
  en: date.toLocaleDateString('en-GB', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', year: 'numeric' }),
});

export const draftExpired = (expiresAt: Date, ttlDays: number) => {
  const when = formatDate(expiresAt);
  return new Problem(
    410,
    'draft-expired',
    bilingual('Utkastet har gått ut', 'The draft has expired'),
    bilingual(
      `Utkastet gick ut den ${when.sv} eftersom det inte sparats på ${ttlDays} dagar. Svaren finns inte kvar att fortsätta med; börja om i e-tjänsten.`,
      `The draft expired on ${when.en} because it had not been saved for ${ttlDays} days. Its answers can no longer be continued; start the e-service again.`,
    ),
    { expiredAt: expiresAt.toISOString() },
  );
};

const eserviceClosed = (eserviceId: string) =>
  new Problem(
    409,
    'eservice-not-published',
    bilingual('E-tjänsten är stängd', 'The e-service is closed'),
    bilingual(
      `E-tjänsten ”${eserviceId}” tar inte emot ansökningar just nu, så utkastet kan inte sparas eller skickas in. Du kan fortfarande läsa dina svar.`,
      `The e-service “${eserviceId}” is not accepting submissions right now, so the draft cannot be saved or submitted. You can still read your answers.`,
    ),
  );

const staleRevision = (current: number, sent: number) =>
  new Problem(
    412,
    'stale-revision',
    bilingual('Utkastet har ändrats', 'The draft has changed'),
    bilingual(
      `Utkastet har sparats från ett annat fönster sedan du öppnade det (version ${current}, du hade ${sent}). Ladda om för att fortsätta med de senaste svaren.`,
      `The draft was saved from another window since you opened it (revision ${current}, you had ${sent}). Reload to continue with the latest answers.`,
    ),
    { currentRevision: current },
  );

/** The e-service version a draft answers, with the checks every draft of it needs. */
async function pinnedVersion(ctx: DraftContext, eserviceId: string, version: number) {
  const { municipalityId } = ctx.session;
  const [eservice, pinned] = await Promise.all([
    findEService(ctx.db, municipalityId, eserviceId),
    findVersion(ctx.db, municipalityId, eserviceId, version),
  ]);
  if (!eservice || !pinned) {
    throw notFound(bilingual(`Version ${version} av e-tjänsten ”${eserviceId}”`, `Version ${version} of the e-service “${eserviceId}”`));
  }
  const definition = pinned.definition;
  checkAccess(ctx.session, definition);
  return { definition, open: eservice.published_version !== null };
}

/**
 * Drafts are tied to a person, so only e-services with e-ID login have them: answers to an
 * anonymous e-service are never linked to who sent them, not even by a saved draft. The login
 * must be at the e-service's level of assurance, as for sending.
 */
function checkAccess(session: CitizenSession, definition: EServiceDefinition): void {
  if (definition.access.login !== 'eid') {
    throw unprocessable(
      'drafts-not-available',
      bilingual(
        `E-tjänsten ”${definition.catalogue.title.sv}” kräver ingen inloggning och svaren kopplas inte till dig, därför sparas inga utkast på servern. Fyll i och skicka in svaren direkt.`,
        `The e-service “${definition.catalogue.title.en ?? definition.catalogue.title.sv}” needs no login and its answers are not linked to you, so no drafts are saved on the server. Fill in and send the answers directly.`,
      ),
    );
  }
  requireAssurance(session, definition);
}

/**
 * A draft may be incomplete, so its answers are not validated against the form; but it may only
 * hold answers to questions the form asks (draftAnswerSchema), and its step must be one of the
 * form's steps.
 */
async function checkDraftInput(ctx: DraftContext, pinned: { eserviceId: string; version: number; definition: EServiceDefinition }, input: DraftInput): Promise<void> {
  const { eserviceId, version, definition } = pinned;
  const validate = await ctx.validators.drafts({ municipalityId: ctx.session.municipalityId, eserviceId, version }, definition);
  const { errors } = validate(input.answers);
  if (errors.length > 0) {
    throw unprocessable(
      'answers-invalid',
      bilingual('Utkastet innehåller svar på frågor som formuläret inte ställer.', 'The draft contains answers to questions the form does not ask.'),
      { errors },
    );
  }
  if (input.stepId !== null && !definition.form.steps.some((step) => step.id === input.stepId)) {
    throw unprocessable(
      'step-unknown',
      bilingual(`Formuläret har inget steg ”${input.stepId}”.`, `The form has no step “${input.stepId}”.`),
      { steps: definition.form.steps.map((step) => step.id) },
    );
  }
}

/** Creates the person's draft for an e-service version; one per person and e-service (409 with the existing id). */
export async function createDraft(ctx: DraftContext, request: { eserviceId: string; version: number } & DraftInput): Promise<DraftView> {
  const { definition, open } = await pinnedVersion(ctx, request.eserviceId, request.version);
  if (!open) throw eserviceClosed(request.eserviceId);
  await checkDraftInput(ctx, { ...request, definition }, request);
  const owner = ownerOf(ctx.session);
  const now = new Date();
  const exists = (id: string) =>
    new Problem(
      409,
      'draft-exists',
      bilingual('Det finns redan ett utkast', 'A draft already exists'),
      bilingual(
        `Du har redan ett påbörjat utkast till ”${definition.catalogue.title.sv}”. Fortsätt med det eller ta bort det först.`,
        `You already have a draft for “${definition.catalogue.title.en ?? definition.catalogue.title.sv}”. Continue with it or delete it first.`,
      ),
      { draftId: id },
    );
  const row = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const existing = await repository.findDraftForEService(trx, owner, request.eserviceId);
      if (existing && !isExpired(existing.expires_at, now)) throw exists(existing.id);
      if (existing) {
        // an expired draft gives way to a new start
        await repository.deleteDraft(trx, owner, existing.id);
        await repository.recordDraftAudit(trx, {
          municipalityId: owner.municipalityId,
          actor: actorOf(ctx.session),
          action: 'draft.deleted',
          draftId: existing.id,
          details: { eserviceId: existing.eservice_id, version: existing.version, reason: 'expired' },
        });
      }
      const created = await repository.insertDraft(trx, owner, {
        eserviceId: request.eserviceId,
        version: request.version,
        answers: request.answers,
        stepId: request.stepId,
        expiresAt: expiryFrom(now, ctx.ttlDays),
      });
      await repository.recordDraftAudit(trx, {
        municipalityId: owner.municipalityId,
        actor: actorOf(ctx.session),
        action: 'draft.created',
        draftId: created.id,
        details: { eserviceId: request.eserviceId, version: request.version },
      });
      return created;
    })
    .catch(async (error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      // a concurrent first save (two tabs) won the race
      const winner = await repository.findDraftForEService(ctx.db, owner, request.eserviceId);
      throw winner ? exists(winner.id) : error;
    });
  return { row, eserviceTitle: definition.catalogue.title, eserviceOpen: open };
}

/** The person's own draft, or 404; an expired one is 410. */
async function ownDraft(ctx: DraftContext, id: string): Promise<DraftRow> {
  if (!UUID.test(id)) throw draftNotFound();
  const row = await repository.findDraft(ctx.db, ownerOf(ctx.session), id);
  if (!row) throw draftNotFound();
  if (isExpired(row.expires_at)) throw draftExpired(row.expires_at, ctx.ttlDays);
  return row;
}

export async function readDraft(ctx: DraftContext, id: string): Promise<DraftView> {
  const row = await ownDraft(ctx, id);
  const { definition, open } = await pinnedVersion(ctx, row.eservice_id, row.version);
  return { row, eserviceTitle: definition.catalogue.title, eserviceOpen: open };
}

/** Autosave: replaces the answers and step when `expectedRevision` is current; pushes the expiry forward. */
export async function saveDraft(ctx: DraftContext, id: string, expectedRevision: number, input: DraftInput): Promise<DraftView> {
  const current = await ownDraft(ctx, id);
  const { definition, open } = await pinnedVersion(ctx, current.eservice_id, current.version);
  if (!open) throw eserviceClosed(current.eservice_id);
  await checkDraftInput(ctx, { eserviceId: current.eservice_id, version: current.version, definition }, input);
  const saved = await repository.updateDraft(ctx.db, ownerOf(ctx.session), id, expectedRevision, {
    ...input,
    expiresAt: expiryFrom(new Date(), ctx.ttlDays),
  });
  if (!saved) {
    const now = await repository.findDraft(ctx.db, ownerOf(ctx.session), id);
    if (!now) throw draftNotFound();
    throw staleRevision(now.revision, expectedRevision);
  }
  return { row: saved, eserviceTitle: definition.catalogue.title, eserviceOpen: open };
}

/** Deletes the person's own draft (expired ones too). */
export async function removeDraft(ctx: DraftContext, id: string): Promise<void> {
  if (!UUID.test(id)) throw draftNotFound();
  const owner = ownerOf(ctx.session);
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await repository.deleteDraft(trx, owner, id);
    if (!deleted) throw draftNotFound();
    await repository.recordDraftAudit(trx, {
      municipalityId: owner.municipalityId,
      actor: actorOf(ctx.session),
      action: 'draft.deleted',
      draftId: deleted.id,
      details: { eserviceId: deleted.eservice_id, version: deleted.version, reason: 'citizen' },
    });
  });
}

export interface DraftSummary {
  id: string;
  eserviceId: string;
  version: number;
  eserviceTitle: LocalizedText;
  stepId: string | null;
  revision: number;
  updatedAt: Date;
  expiresAt: Date;
  expired: boolean;
  expiresSoon: boolean;
}

export async function listOwnDrafts(ctx: DraftContext): Promise<DraftSummary[]> {
  const now = new Date();
  const rows = await repository.listDrafts(ctx.db, ownerOf(ctx.session));
  return rows.map((row) => ({ ...row, expired: isExpired(row.expiresAt, now), expiresSoon: expiresSoon(row.expiresAt, now) }));
}

/**
 * Deletes drafts that expired more than the grace period ago, each recorded in the audit log
 * (without answers). Returns how many were deleted.
 */
export async function deleteExpiredDrafts(db: Kysely<Database>, now = new Date(), graceDays = DRAFT_GRACE_DAYS): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const deleted = await repository.deleteExpiredDrafts(trx, new Date(now.getTime() - graceDays * DAY_MS));
    for (const draft of deleted) {
      await repository.recordDraftAudit(trx, {
        municipalityId: draft.municipality_id,
        actor: 'system:draft-cleanup',
        action: 'draft.deleted',
        draftId: draft.id,
        details: { eserviceId: draft.eservice_id, version: draft.version, reason: 'expired', expiredAt: draft.expires_at.toISOString() },
      });
    }
    return deleted.length;
  });
}

/**
 * After a submission is stored: the applicant's draft for that e-service (found by the
 * submission's statement) has served its purpose. Runs after the submission's commit, so a
 * failure here never undoes the submission.
 */
export async function deleteDraftOfSubmission(db: Kysely<Database>, municipalityId: string, submissionId: string, found: SentDraft): Promise<void> {
  const person = found.personalIdentityNumber;
  const owner = { municipalityId, personalIdentityNumber: person };
  await db.transaction().execute(async (trx) => {
    const draft = await repository.deleteDraft(trx, owner, found.id);
    if (!draft) return; // deleted meanwhile
    await repository.recordDraftAudit(trx, {
      municipalityId,
      actor: `citizen:${found.identityMethod}:${person}`,
      action: 'draft.deleted',
      draftId: draft.id,
      details: { eserviceId: draft.eservice_id, version: draft.version, reason: 'submitted', submissionId },
    });
  });
}
