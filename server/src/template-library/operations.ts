import type { Kysely } from 'kysely';
import {
  adoptedDefinition,
  bilingual,
  shareableDefinition,
  SLUG_PATTERN,
  TEMPLATES,
  type EServiceDefinition,
  type LeftOutOfTemplate,
  type LocalizedText,
} from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { objectBody } from '../cases/status.js';
import type { Database, EServiceRow } from '../db/tables.js';
import { auditSubject, createEService, getEService, type TenantContext } from '../eservices/operations.js';
import { findVersion } from '../eservices/repository.js';
import { conflict, notFound, Problem, unprocessable } from '../problems/problem.js';
import * as repository from './repository.js';

/**
 * The template library: municipalities offer their e-services to each other, the platform offers
 * its shipped templates, and an adopted copy keeps a link to where it came from so its designers
 * hear of the origin's newer versions. Another municipality sees an e-service only while it is
 * offered, and only as shared (shareableDefinition): never its drafts or its own settings.
 */

/** The origin of the platform's shipped templates in paths and links (no municipality has this id). */
export const PLATFORM_ORIGIN = 'platform';
const PLATFORM_NAME: LocalizedText = { sv: 'E-tjänstplattformen', en: 'The e-service platform' };
/** A shipped template has one version: the one this installation runs. */
const PLATFORM_VERSION = 1;

/** One template as the library lists it. */
export interface LibraryEntry {
  origin: string;
  originName: LocalizedText;
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  topic: EServiceDefinition['catalogue']['topic'];
  version: number;
  /** When its municipality offered it (null: shipped with the platform) */
  offeredAt: Date | null;
  /** Offered by the caller's own municipality (it adopts others' templates only) */
  own: boolean;
  leftOut: LeftOutOfTemplate;
  /** The caller's e-services made from it */
  adoptedAs: string[];
}

/** A template's version as another municipality sees it. */
export interface TemplateVersion {
  origin: string;
  originName: LocalizedText;
  id: string;
  version: number;
  definition: EServiceDefinition;
  leftOut: LeftOutOfTemplate;
}

const templateNotFound = (origin: string, id: string) => notFound(bilingual(`Mallen ”${id}” från ”${origin}”`, `The template “${id}” from “${origin}”`));

const originOfRow = (row: repository.TemplateAdoptionRow) => row.origin_municipality_id ?? PLATFORM_ORIGIN;

function entry(template: TemplateVersion, offeredAt: Date | null, own: boolean, adoptions: repository.TemplateAdoptionRow[]): LibraryEntry {
  const { catalogue } = template.definition;
  return {
    origin: template.origin,
    originName: template.originName,
    id: template.id,
    title: catalogue.title,
    summary: catalogue.summary,
    topic: catalogue.topic,
    version: template.version,
    offeredAt,
    own,
    leftOut: template.leftOut,
    adoptedAs: adoptions.filter((a) => originOfRow(a) === template.origin && a.origin_eservice_id === template.id).map((a) => a.eservice_id),
  };
}

const platformTemplate = (definition: EServiceDefinition): TemplateVersion => ({
  origin: PLATFORM_ORIGIN,
  originName: PLATFORM_NAME,
  id: definition.id,
  version: PLATFORM_VERSION,
  ...shareableDefinition(definition),
});

const offeredTemplate = (offered: repository.OfferedTemplate): TemplateVersion => ({
  origin: offered.municipalityId,
  originName: offered.municipalityName,
  id: offered.eserviceId,
  version: offered.version,
  ...shareableDefinition(offered.definition),
});

/** The library as a municipality sees it: the platform's templates, then every municipality's offered e-services. */
export async function listLibrary(ctx: TenantContext): Promise<LibraryEntry[]> {
  const [offered, adoptions] = await Promise.all([repository.listOffered(ctx.db), repository.listAdoptions(ctx.db, ctx.municipalityId)]);
  return [
    ...TEMPLATES.map((definition) => entry(platformTemplate(definition), null, false, adoptions)),
    ...offered.map((o) => entry(offeredTemplate(o), o.offeredAt, o.municipalityId === ctx.municipalityId, adoptions)),
  ];
}

/**
 * A template as shared: its newest version, or a given one (the designer compares the version an
 * adopted e-service was made from with the newest). A municipality's e-service is a template only
 * while it is offered; otherwise, to everyone else, it does not exist.
 */
export async function templateVersion(db: Kysely<Database>, origin: string, id: string, version?: number): Promise<TemplateVersion> {
  if (origin === PLATFORM_ORIGIN) {
    const shipped = TEMPLATES.find((t) => t.id === id);
    if (!shipped || (version !== undefined && version !== PLATFORM_VERSION)) throw templateNotFound(origin, id);
    return platformTemplate(shipped);
  }
  const [offered] = await repository.listOffered(db, { municipalityId: origin, eserviceId: id });
  if (!offered) throw templateNotFound(origin, id);
  if (version === undefined || version === offered.version) return offeredTemplate(offered);
  const older = version < offered.version ? await findVersion(db, origin, id, version) : undefined;
  if (!older) throw notFound(bilingual(`Version ${version} av mallen ”${id}”`, `Version ${version} of the template “${id}”`));
  return offeredTemplate({ ...offered, version, definition: older.definition });
}

const TEXT_MAX = 200;
const EMAIL_MAX = 254;

const adoptionInvalid = (field: string, detail: { sv: string; en: string }) => unprocessable('adoption-invalid', bilingual(detail.sv, detail.en), { field });

function text(value: unknown, field: string, max: number, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw adoptionInvalid(field, { sv: `Fyll i ”${field}” (1–${max} tecken).`, en: `Fill in “${field}” (1–${max} characters).` });
  }
  return value.trim();
}

const objectAt = (value: unknown, field: string): Record<string, unknown> => {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw adoptionInvalid(field, { sv: `”${field}” ska vara ett objekt.`, en: `“${field}” must be an object.` });
};

/** What the adopter sends: the new e-service's id (default the template's), its department and its contact. */
function adoptionInput(body: unknown): { id: string | undefined; department: string; contact: EServiceDefinition['owner']['contact'] } {
  const given = objectBody(body);
  const id = text(given.id, 'id', 64, false);
  if (id !== undefined && !new RegExp(SLUG_PATTERN).test(id)) {
    throw adoptionInvalid('id', { sv: 'Id får ha små bokstäver a–z, siffror och bindestreck.', en: 'The id may have lower-case letters a–z, digits and hyphens.' });
  }
  const owner = objectAt(given.owner, 'owner');
  const contact = objectAt(owner.contact, 'owner.contact');
  const phone = text(contact.phone, 'owner.contact.phone', 20, false);
  return {
    id,
    department: text(owner.department, 'owner.department', 64, true)!,
    contact: { name: text(contact.name, 'owner.contact.name', TEXT_MAX, true)!, email: text(contact.email, 'owner.contact.email', EMAIL_MAX, true)!, ...(phone ? { phone } : {}) },
  };
}

/**
 * Makes a template an e-service of the caller's municipality: a draft of its own (the template's
 * newest version with the adopter's id, department and contact, no connectors), linked to its
 * origin and that version. A municipality's own offered e-service is not adopted (it copies it).
 */
export async function adoptTemplate(ctx: TenantContext, origin: string, id: string, body: unknown): Promise<EServiceRow> {
  const input = adoptionInput(body);
  if (origin === ctx.municipalityId) {
    throw conflict('template-own', bilingual('Mallen är kommunens egen e-tjänst. Kopiera den i stället för att ta den i bruk.', "The template is the municipality's own e-service. Copy it instead of adopting it."));
  }
  const template = await templateVersion(ctx.db, origin, id);
  const definition = adoptedDefinition(template.definition, { id: input.id ?? template.id, municipalityId: ctx.municipalityId, department: input.department, contact: input.contact });
  const link = { origin: `${origin}/${id}`, version: template.version };
  return createEService(ctx, definition, {
    auditDetails: { template: link },
    alongside: (trx, row) =>
      repository.insertAdoption(trx, {
        municipality_id: ctx.municipalityId,
        eservice_id: row.id,
        origin_municipality_id: origin === PLATFORM_ORIGIN ? null : origin,
        origin_eservice_id: id,
        adopted_version: template.version,
        adopted_by: ctx.actor,
      }),
  });
}

/**
 * Whether an e-service is offered, since when, the version the library shares (null while it is
 * not published: then it cannot be offered), and how many e-services were made from it.
 */
export async function templateOffer(ctx: TenantContext, eserviceId: string) {
  const eservice = await getEService(ctx, eserviceId);
  const [offer, adoptions] = await Promise.all([repository.findOffer(ctx.db, ctx.municipalityId, eserviceId), repository.countAdoptionsOf(ctx.db, ctx.municipalityId, eserviceId)]);
  return { offered: offer !== undefined, offeredAt: offer?.offered_at ?? null, version: eservice.published_version, adoptions };
}

/**
 * Offers an e-service to the other municipalities. It must be published now: an unpublished one
 * (never published, or taken out of the catalogue, which withdrew its offer) is not shared.
 */
export async function offerTemplate(ctx: TenantContext, eserviceId: string) {
  const eservice = await getEService(ctx, eserviceId);
  if (eservice.published_version === null) {
    throw conflict('template-not-published', bilingual('E-tjänsten är inte publicerad och kan inte delas. Publicera den först.', 'The e-service is not published and cannot be shared. Publish it first.'));
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (await repository.findOffer(trx, ctx.municipalityId, eserviceId)) return;
    await repository.insertOffer(trx, ctx.municipalityId, eserviceId, ctx.actor);
    await recordAudit(trx, { ...auditSubject(ctx, eserviceId), action: 'eservice.template-offered', details: { version: eservice.latest_version } });
  });
  return templateOffer(ctx, eserviceId);
}

/** Withdraws the offer: the library no longer lists it; e-services made from it stay as they are. */
export async function withdrawTemplate(ctx: TenantContext, eserviceId: string) {
  await getEService(ctx, eserviceId);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repository.deleteOffer(trx, ctx.municipalityId, eserviceId))) {
      throw notFound(bilingual(`Erbjudandet av e-tjänsten ”${eserviceId}” som mall`, `The offer of the e-service “${eserviceId}” as a template`));
    }
    await recordAudit(trx, { ...auditSubject(ctx, eserviceId), action: 'eservice.template-withdrawn' });
  });
  return templateOffer(ctx, eserviceId);
}

/** Where an adopted e-service came from, as its designer sees it. */
export interface OriginView {
  origin: string;
  originName: LocalizedText | null;
  id: string;
  adoptedVersion: number;
  reviewedVersion: number;
  /** The template's newest version, null when its municipality no longer offers it */
  latestVersion: number | null;
  /** The origin has a version the designers have not looked through */
  newerVersion: boolean;
}

async function viewOf(db: Kysely<Database>, link: repository.TemplateAdoptionRow): Promise<OriginView> {
  const origin = originOfRow(link);
  // a template no longer offered has no newest version to follow
  const latest = await templateVersion(db, origin, link.origin_eservice_id).catch((error: unknown) => {
    if (error instanceof Problem && error.status === 404) return undefined;
    throw error;
  });
  return {
    origin,
    originName: latest?.originName ?? null,
    id: link.origin_eservice_id,
    adoptedVersion: link.adopted_version,
    reviewedVersion: link.reviewed_version,
    latestVersion: latest?.version ?? null,
    newerVersion: latest !== undefined && latest.version > link.reviewed_version,
  };
}

/** The origin of an e-service made from a template; null for one that was not. */
export async function originOf(ctx: TenantContext, eserviceId: string): Promise<OriginView | null> {
  await getEService(ctx, eserviceId);
  const link = await repository.findAdoption(ctx.db, ctx.municipalityId, eserviceId);
  return link ? viewOf(ctx.db, link) : null;
}

/**
 * Records that the designers have looked through the origin's versions up to `version` (and
 * taken over what they wanted): the notice of a newer version goes until the origin publishes again.
 */
export async function markReviewed(ctx: TenantContext, eserviceId: string, body: unknown): Promise<OriginView> {
  const version = objectBody(body).version;
  const current = await originOf(ctx, eserviceId);
  if (!current) throw notFound(bilingual(`Mallen som e-tjänsten ”${eserviceId}” gjordes från`, `The template the e-service “${eserviceId}” was made from`));
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < current.reviewedVersion || current.latestVersion === null || version > current.latestVersion) {
    throw unprocessable(
      'version-invalid',
      bilingual(`Ange en version av mallen från ${current.reviewedVersion} till ${current.latestVersion ?? current.reviewedVersion}.`, `Give a version of the template from ${current.reviewedVersion} to ${current.latestVersion ?? current.reviewedVersion}.`),
      { field: 'version' },
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setReviewedVersion(trx, ctx.municipalityId, eserviceId, version);
    await recordAudit(trx, { ...auditSubject(ctx, eserviceId), action: 'eservice.template-reviewed', details: { template: `${current.origin}/${current.id}`, version } });
  });
  return { ...current, reviewedVersion: version, newerVersion: version < current.latestVersion };
}
