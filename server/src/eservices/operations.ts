import type { Kysely } from 'kysely';
import {
  bilingual,
  duplicateTitles,
  maturityLevel,
  validateDefinition,
  type CheckReport,
  type DefinitionProblem,
  type DefinitionValidation,
  type DuplicateTitle,
  type EServiceDefinition,
  type MaturityLevel,
} from '@etjanst/schemas';
import { generateValidatorCode } from '../answer-validation/code.js';
import { patternProblems } from '../answer-validation/patterns.js';
import { saveValidatorCode } from '../answer-validation/repository.js';
import { refuseFailedMustRules } from '../checks/full-check.js';
import { saveVersionCheck } from '../checks/repository.js';
import { recordAudit } from '../audit/audit-log.js';
import { isUniqueViolation } from '../db/errors.js';
import { ConnectorRegistry } from '../delivery/plugins.js';
import type { Database, EServiceRow, EServiceVersionRow } from '../db/tables.js';
import { findMunicipality } from '../municipalities/repository.js';
import { conflict, notFound, Problem, unprocessable } from '../problems/problem.js';
import { withdrawOfferOfUnpublished } from '../template-library/unpublishing.js';
import { pausedView } from './open-version.js';
import * as repository from './repository.js';
import { currentDraft, storableDraft } from './unfinished.js';

/** Who acts and where: every operation is scoped to one municipality (tenant). */
export interface TenantContext {
  db: Kysely<Database>;
  municipalityId: string;
  actor: string;
  /** The staff account acting, when a staff member does (the four-eyes rule compares accounts) */
  staffAccountId?: string | undefined;
}

export type EServiceStatus = 'draft' | 'published' | 'unpublished';

export interface EServiceSummary {
  id: string;
  title: EServiceDefinition['catalogue']['title'];
  departmentId: string;
  status: EServiceStatus;
  publishedVersion: number | null;
  latestVersion: number;
  revision: number;
  /** The draft has changes that are not in the published version. */
  unpublishedChanges: boolean;
  updatedAt: Date;
  /** SKL maturity level (0-4) of the draft's configuration */
  maturityLevel: MaturityLevel;
  /** Paused: in the catalogue with this message, taking no submissions */
  paused: ReturnType<typeof pausedView>;
  /** When a scheduled unpublishing takes it out of the catalogue */
  unpublishAt: Date | null;
  /** The latest save is not valid yet (title, department and maturity are of the last valid one) */
  unfinished: boolean;
}

export function summarize(row: EServiceRow): EServiceSummary {
  return {
    id: row.id,
    title: row.draft.catalogue.title,
    departmentId: row.department_id,
    status: row.published_version !== null ? 'published' : row.latest_version > 0 ? 'unpublished' : 'draft',
    publishedVersion: row.published_version,
    latestVersion: row.latest_version,
    revision: row.revision,
    unpublishedChanges: row.published_revision !== row.revision,
    updatedAt: row.updated_at,
    maturityLevel: maturityLevel(row.draft),
    paused: pausedView(row),
    unpublishAt: row.unpublish_at,
    unfinished: row.unfinished_draft !== null,
  };
}

const eserviceExists = (id: string) =>
  conflict('eservice-exists', bilingual(`Det finns redan en e-tjänst med id ”${id}”.`, `An e-service with id “${id}” already exists.`));

/** Connector types and options are checked by their plugins when a definition is saved, not first when a delivery fails. */
const CONNECTORS = new ConnectorRegistry();

export const eserviceNotFound = (id: string) => notFound(bilingual(`E-tjänsten ”${id}”`, `The e-service “${id}”`));

/**
 * Validates a definition for this installation: the format, then its patterns as the server runs
 * them (patternProblems: the checker is the server's, kept out of the browser's bundle) and its
 * connectors as the plugins here see them (the format takes any connector type, since extensions add types).
 */
export function validateForPlatform(input: unknown): DefinitionValidation {
  const result = validateDefinition(input);
  if (!result.valid) return result;
  const problems = [...patternProblems(result.definition), ...CONNECTORS.definitionProblems(result.definition)];
  return problems.length > 0 ? { valid: false, problems } : result;
}

/** Validates a definition for this municipality: the format and connectors, then that its owner exists here. */
export async function validateForTenant(ctx: TenantContext, input: unknown): Promise<DefinitionValidation> {
  const result = validateForPlatform(input);
  if (!result.valid) return result;
  const { definition } = result;
  const municipality = await findMunicipality(ctx.db, ctx.municipalityId);
  if (!municipality) throw notFound(bilingual(`Kommunen ”${ctx.municipalityId}”`, `The municipality “${ctx.municipalityId}”`));
  const problems: DefinitionProblem[] = [];
  if (definition.owner.organisation !== ctx.municipalityId) {
    problems.push({
      pointer: '/owner/organisation',
      code: 'owner.other-municipality',
      message: bilingual(
        `E-tjänsten tillhör ”${definition.owner.organisation}”, inte ”${ctx.municipalityId}”.`,
        `The e-service belongs to “${definition.owner.organisation}”, not “${ctx.municipalityId}”.`,
      ),
    });
  }
  if (!municipality.departments.some((d) => d.id === definition.owner.department)) {
    problems.push({
      pointer: '/owner/department',
      code: 'owner.unknown-department',
      message: bilingual(
        `Förvaltningen ”${definition.owner.department}” finns inte i ${municipality.name.sv}.`,
        `The department “${definition.owner.department}” does not exist in ${municipality.name.en ?? municipality.name.sv}.`,
      ),
    });
  }
  return problems.length > 0 ? { valid: false, problems } : result;
}

/** A definition valid for this municipality, or the refusal naming what is wrong (422 definition-invalid). */
export async function checkDefinitionForTenant(ctx: TenantContext, input: unknown): Promise<EServiceDefinition> {
  const result = await validateForTenant(ctx, input);
  if (result.valid) return result.definition;
  const otherMunicipality = result.problems.some((p) => p.code.startsWith('owner.'));
  throw unprocessable(
    'definition-invalid',
    otherMunicipality
      ? bilingual('Definitionen passar inte den här kommunen.', 'The definition does not fit this municipality.')
      : bilingual('Definitionen av e-tjänsten är inte giltig.', 'The e-service definition is not valid.'),
    { errors: result.problems },
  );
}

/**
 * The refusal to send for review or publish a draft that is not valid (it was saved unfinished,
 * or the rules became stricter since), naming each finding in `errors` (sv and en).
 */
function draftInvalid(problems: DefinitionProblem[], purpose: 'review' | 'publish'): Problem {
  const [sv, en] = purpose === 'review' ? ['skickas på granskning', 'be sent for review'] : ['publiceras', 'be published'];
  const count = problems.length;
  return new Problem(
    422,
    'draft-invalid',
    bilingual('Utkastet har fel', 'The draft has errors'),
    bilingual(
      `Utkastet kan inte ${sv} förrän det är giltigt: ${count === 1 ? 'ett fel' : `${count} fel`} att rätta.`,
      `The draft cannot ${en} until it is valid: ${count === 1 ? 'one error' : `${count} errors`} to fix.`,
    ),
    { errors: problems },
  );
}

/** The draft as last saved, when it is valid for this municipality now; refused naming its findings otherwise. */
export async function validDraftOf(ctx: TenantContext, row: EServiceRow, purpose: 'review' | 'publish'): Promise<EServiceDefinition> {
  const result = await validateForTenant(ctx, currentDraft(row).definition);
  if (!result.valid) throw draftInvalid(result.problems, purpose);
  return result.definition;
}

export async function listEServiceSummaries(ctx: TenantContext): Promise<EServiceSummary[]> {
  return (await repository.listEServices(ctx.db, ctx.municipalityId)).map(summarize);
}

/**
 * The other e-services of the municipality with the same title as this draft (as last saved) in a
 * language: the designer warns of them when creating, importing and renaming, and refuses nothing.
 */
export async function titleWarnings(ctx: TenantContext, row: EServiceRow): Promise<DuplicateTitle[]> {
  const draft = currentDraft(row).definition as { catalogue?: { title?: unknown } };
  return duplicateTitles({ id: row.id, title: draft.catalogue?.title }, await repository.listDraftTitles(ctx.db, ctx.municipalityId));
}

export async function getEService(ctx: TenantContext, id: string): Promise<EServiceRow> {
  const row = await repository.findEService(ctx.db, ctx.municipalityId, id);
  if (!row) throw eserviceNotFound(id);
  return row;
}

/**
 * Creates an e-service with the definition as its first draft. `alongside` runs in the same
 * transaction (the template library records where an adopted e-service came from), and
 * `auditDetails` go with the audit row.
 */
export async function createEService(
  ctx: TenantContext,
  input: unknown,
  { alongside, auditDetails }: { alongside?: (trx: Kysely<Database>, row: EServiceRow) => Promise<void>; auditDetails?: Record<string, unknown> } = {},
): Promise<EServiceRow> {
  const definition = await checkDefinitionForTenant(ctx, input);
  return ctx.db.transaction().execute(async (trx) => {
    if (await repository.findEService(trx, ctx.municipalityId, definition.id)) throw eserviceExists(definition.id);
    const row = await repository.insertEService(trx, ctx.municipalityId, definition, ctx.staffAccountId ?? null).catch((error: unknown) => {
      throw isUniqueViolation(error) ? eserviceExists(definition.id) : error;
    });
    await recordAudit(trx, { ...auditSubject(ctx, definition.id), action: 'eservice.created', ...(auditDetails ? { details: auditDetails } : {}) });
    await alongside?.(trx, row);
    return row;
  });
}

/**
 * Saves the draft when `expectedRevision` is the stored one; a concurrent save gets 412. A
 * draft that fails validation is saved too, as unfinished with its findings (unfinished work is
 * never lost), as long as it is still one the designer can open (storableDraft).
 */
export async function updateEServiceDraft(ctx: TenantContext, id: string, input: unknown, expectedRevision: number): Promise<EServiceRow> {
  return saveDraft(ctx, id, input, expectedRevision, { action: 'eservice.draft-saved' });
}

/**
 * Makes a published version the draft again, over the revision the designer had (412 when
 * someone saved since, as a save). Checked as a save is: a version the rules have since become
 * stricter for is kept as an unfinished draft with its findings. The versions stay as they are.
 */
export async function restoreVersionAsDraft(ctx: TenantContext, id: string, version: number, expectedRevision: number): Promise<EServiceRow> {
  const source = await getVersion(ctx, id, version);
  return saveDraft(ctx, id, source.definition, expectedRevision, { action: 'eservice.version-restored', details: { version } });
}

async function saveDraft(
  ctx: TenantContext,
  id: string,
  input: unknown,
  expectedRevision: number,
  audit: { action: 'eservice.draft-saved' | 'eservice.version-restored'; details?: Record<string, unknown> },
): Promise<EServiceRow> {
  const validation = await validateForTenant(ctx, input);
  const save = validation.valid ? { definition: validation.definition } : { unfinished: { draft: storableDraft(input), problems: validation.problems } };
  const sentId = save.definition ? save.definition.id : save.unfinished.draft.id;
  if (sentId !== id) {
    throw unprocessable('definition-id-mismatch', bilingual(`Definitionens id ”${String(sentId)}” stämmer inte med adressens ”${id}”.`, `The definition id “${String(sentId)}” does not match the address “${id}”.`));
  }
  return ctx.db.transaction().execute(async (trx) => {
    const current = await repository.findEService(trx, ctx.municipalityId, id);
    if (!current) throw eserviceNotFound(id);
    const editor = ctx.staffAccountId ?? null;
    const saved = save.definition
      ? await repository.updateDraft(trx, ctx.municipalityId, save.definition, expectedRevision, editor)
      : await repository.saveUnfinishedDraft(trx, ctx.municipalityId, id, save.unfinished, expectedRevision, editor);
    if (!saved) throw staleRevision(current.revision, expectedRevision);
    const details = save.definition ? { revision: saved.revision } : { revision: saved.revision, problems: save.unfinished.problems.length };
    await recordAudit(trx, { ...auditSubject(ctx, id), action: audit.action, details: { ...audit.details, ...details } });
    return saved;
  });
}

const staleRevision = (current: number, sent: number) =>
  new Problem(
    412,
    'stale-revision',
    bilingual('Någon annan har ändrat', 'Changed by someone else'),
    bilingual(
      `Utkastet har sparats av någon annan sedan du öppnade det (version ${current}, du hade ${sent}). Ladda om och gör dina ändringar igen.`,
      `The draft was saved by someone else since you opened it (revision ${current}, you had ${sent}). Reload and make your changes again.`,
    ),
    { currentRevision: current },
  );

/** Import: create, or with `replace` overwrite the draft of an existing e-service. */
export async function importEService(ctx: TenantContext, input: unknown, replace: boolean): Promise<{ row: EServiceRow; created: boolean }> {
  const definition = await checkDefinitionForTenant(ctx, input);
  const existing = await repository.findEService(ctx.db, ctx.municipalityId, definition.id);
  if (!existing) return { row: await createEService(ctx, definition), created: true };
  if (!replace) {
    throw conflict('eservice-exists', bilingual(`E-tjänsten ”${definition.id}” finns redan. Välj att ersätta utkastet om du vill skriva över det.`, `The e-service “${definition.id}” already exists. Choose to replace the draft to overwrite it.`));
  }
  return { row: await updateEServiceDraft(ctx, definition.id, definition, existing.revision), created: false };
}

/** The must-requirement check that publishing runs (the checks feature's full check, or the fast rules for the demo seed). */
export type PublishCheck = (definition: EServiceDefinition, municipalityId: string) => Promise<CheckReport>;

/** What a publishing publishes, when not simply the current draft (the approval workflow's). */
export interface Publication {
  /** The revision an approver reviewed: published as it was sent, whatever the draft became since */
  reviewed?: { definition: EServiceDefinition; revision: number };
  /** Runs in the publishing transaction: the review records its version there, so both happen or neither */
  alongside?: (trx: Kysely<Database>, version: EServiceVersionRow) => Promise<void>;
}

/**
 * Publishes the current draft (or the reviewed revision) as a new immutable version, after the
 * must-requirements: the definition is validated again (the rules may have become stricter since
 * it was saved), checked, refused with 422 while a must rule fails, and the report is stored with
 * the version. The check runs outside the transaction (a browser scan takes seconds); a draft
 * saved meanwhile gets 409 (a reviewed revision is fixed and unaffected).
 */
export async function publishEService(ctx: TenantContext, id: string, check: PublishCheck, publication: Publication = {}) {
  const checked = await getEService(ctx, id);
  const definition = publication.reviewed ? await checkDefinitionForTenant(ctx, publication.reviewed.definition) : await validDraftOf(ctx, checked, 'publish');
  const source = { definition, revision: publication.reviewed?.revision ?? checked.revision };
  const report = { ...(await check(definition, ctx.municipalityId)), checkedAt: new Date().toISOString() };
  refuseFailedMustRules(report, definition);
  // compiled once, here, into the code the server and the portal validate this version's answers by
  const validatorCode = generateValidatorCode(definition);
  return ctx.db.transaction().execute(async (trx) => {
    const eservice = await repository.findEService(trx, ctx.municipalityId, id);
    if (!eservice) throw eserviceNotFound(id);
    if (!publication.reviewed && eservice.revision !== checked.revision) {
      throw conflict('draft-changed', bilingual('Utkastet ändrades medan det kontrollerades. Publicera igen.', 'The draft changed while it was being checked. Publish again.'));
    }
    const version = await repository.insertPublishedVersion(trx, eservice, ctx.actor, source).catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? conflict('publish-in-progress', bilingual('E-tjänsten publiceras just nu av någon annan. Försök igen.', 'Someone else is publishing the e-service right now. Try again.'))
        : error;
    });
    await saveVersionCheck(trx, ctx.municipalityId, id, version.version, report);
    await saveValidatorCode(trx, { municipalityId: ctx.municipalityId, eserviceId: id, version: version.version }, validatorCode);
    await recordAudit(trx, {
      ...auditSubject(ctx, id),
      action: 'eservice.published',
      details: {
        version: version.version,
        draftRevision: source.revision,
        catalogueVersion: report.catalogueVersion,
        complete: report.complete,
        warnings: report.counts.shouldFailed,
      },
    });
    await publication.alongside?.(trx, version);
    return version;
  });
}

const notPublished = (id: string) => conflict('eservice-not-published', bilingual(`E-tjänsten ”${id}” är inte publicerad.`, `The e-service “${id}” is not published.`));

/** Takes the e-service out of the catalogue now, and out of the template library (withdrawOfferOfUnpublished). */
export async function unpublishEService(ctx: TenantContext, id: string): Promise<EServiceRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const eservice = await repository.findEService(trx, ctx.municipalityId, id);
    if (!eservice) throw eserviceNotFound(id);
    if (eservice.published_version === null) throw notPublished(id);
    await repository.setUnpublished(trx, ctx.municipalityId, id);
    await recordAudit(trx, { ...auditSubject(ctx, id), action: 'eservice.unpublished', details: { version: eservice.published_version } });
    await withdrawOfferOfUnpublished(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, eserviceId: id });
    return { ...eservice, published_version: null, unpublish_at: null, paused_at: null, pause_message: null };
  });
}

/** Sets the time a published e-service leaves the catalogue (the scheduled jobs unpublish it then). */
export async function scheduleUnpublishing(ctx: TenantContext, id: string, at: Date): Promise<EServiceRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const eservice = await repository.findEService(trx, ctx.municipalityId, id);
    if (!eservice) throw eserviceNotFound(id);
    if (eservice.published_version === null) throw notPublished(id);
    const row = await repository.setUnpublishAt(trx, ctx.municipalityId, id, at);
    await recordAudit(trx, { ...auditSubject(ctx, id), action: 'eservice.unpublish-scheduled', details: { at: at.toISOString() } });
    return row;
  });
}

export async function getVersion(ctx: TenantContext, id: string, version: number) {
  const row = await repository.findVersion(ctx.db, ctx.municipalityId, id, version);
  if (!row) throw notFound(bilingual(`Version ${version} av e-tjänsten ”${id}”`, `Version ${version} of the e-service “${id}”`));
  return row;
}

export async function listEServiceVersions(ctx: TenantContext, id: string) {
  await getEService(ctx, id);
  return repository.listVersions(ctx.db, ctx.municipalityId, id);
}

export const auditSubject = (ctx: TenantContext, id: string) => ({
  municipalityId: ctx.municipalityId,
  actor: ctx.actor,
  subjectType: 'eservice' as const,
  subjectId: id,
});
