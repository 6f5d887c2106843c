import {
  arrayItems,
  bookingFields,
  DEFAULT_BRAND_COLOURS,
  isRankedChoice,
  LANGUAGES,
  objectProperties,
  stockholmIso,
  textIn,
  TYPE_NAMES,
  type EServiceDefinition,
  type JsonSchemaObject,
  type BrandColours,
  type Language,
  type LocalizedText,
} from '@etjanst/schemas';
import type { Kysely } from 'kysely';
import { currentBookingsOf } from '../booking/repository.js';
import { loadLogo, type Logo } from '../branding/repository.js';
import type { Database, RefundStatus, SubmissionRow } from '../db/tables.js';

/** One answer line: a label and its value; nested rows for objects and numbered array items. */
export interface ReceiptRow {
  label: string;
  value?: string;
  rows?: ReceiptRow[];
}

export interface ReceiptSection {
  title: string;
  rows: ReceiptRow[];
}

/** Everything a receipt shows, in the submission's language; rendered as PDF and summarised in e-mail. */
export interface ReceiptContent {
  language: Language;
  municipalityName: string;
  eserviceTitle: string;
  receiptNumber: string;
  submittedAt: Date;
  /** The submission time as people in Sweden read it (Europe/Stockholm) */
  submittedAtText: string;
  applicant: { name: string; personalIdentityNumber: string; organisationNumber?: string } | undefined;
  /** The e-service's own receipt text, if any */
  message: string | undefined;
  /** Empty when the e-service leaves the answers off the receipt (see answersOmitted) */
  sections: ReceiptSection[];
  answersOmitted: boolean;
  /** The attached files: name, type and size */
  attachments: string[];
  signature: 'not-required' | 'pending' | 'signed';
  signatures: Array<ReceiptSignature & { signedAtText: string }>;
  contact: { name: string; email: string; phone?: string };
  /** The municipality's colours and logo (branding/) */
  brand: ReceiptBrand;
  /** The fee of a fee-carrying e-service and where its payment stands */
  payment?: ReceiptPayment | undefined;
}

export interface ReceiptPayment {
  /** What the fee is for */
  description: string;
  /** e.g. "600,00 kr" */
  amountText: string;
  state: 'unpaid' | 'paid' | 'expired' | 'refund-pending' | 'refunded';
  /** When it was paid, or refunded (Swedish time) */
  atText?: string | undefined;
}

/** The payment line of a receipt: none without a fee. A refund the provider has not paid yet shows as under way; a failed one leaves the fee paid. */
function receiptPayment({ submission, definition, refundStatus }: ReceiptSource, language: Language): ReceiptPayment | undefined {
  if (submission.fee_ore === null) return undefined;
  const amount = Number(submission.fee_ore) / 100;
  const amountText = `${amount.toLocaleString(language === 'en' ? 'en-GB' : 'sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr`;
  const description = textIn(definition.payment?.description, language) ?? '';
  if (submission.refunded_at) return { description, amountText, state: 'refunded', atText: stockholmTime(submission.refunded_at) };
  if (submission.paid_at && (refundStatus === 'CREATED' || refundStatus === 'DEBITED')) return { description, amountText, state: 'refund-pending', atText: stockholmTime(submission.paid_at) };
  if (submission.paid_at) return { description, amountText, state: 'paid', atText: stockholmTime(submission.paid_at) };
  return { description, amountText, state: submission.state === 'payment-expired' ? 'expired' : 'unpaid' };
}

/** The municipality's look on its receipts; the logo is read only when a PDF is drawn. */
export interface ReceiptBrand {
  colours: BrandColours;
  logo?: () => Promise<Logo | undefined>;
}

/** A submission with what its receipt needs: the pinned version and the municipality's name (its display name, if it has one) and look. */
export interface ReceiptSource {
  submission: SubmissionRow;
  definition: EServiceDefinition;
  municipalityName: LocalizedText;
  /** The platform's colours and no logo when left out */
  brand?: ReceiptBrand;
  /** The municipality's own host name (branding/), which links to its citizens use */
  hostName?: string | null;
  /** Who has signed, in order */
  signatures: ReceiptSignature[];
  /** The files attached to the submission, in upload order */
  attachments?: ReceiptAttachment[];
  /** Each booking field's booking as it stands now (see withCurrentBookings) */
  bookings?: CurrentBooking[];
  /** The status of the latest refund of its fee (payment/), if a handler asked for one */
  refundStatus?: RefundStatus | undefined;
}

/** A booking field's booking as it stands now: its time (Stockholm ISO 8601) and whether it was cancelled. */
export interface CurrentBooking {
  field: string;
  resource: string;
  start: string;
  cancelled: boolean;
}

export interface ReceiptAttachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface ReceiptSignature {
  name: string;
  role: 'applicant' | 'co-signer';
  signedAt: Date;
}

/** Loads a submission of a municipality with its pinned version; undefined if it does not exist. */
export async function loadReceiptSource(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<ReceiptSource | undefined> {
  const row = await db
    .selectFrom('submissions')
    .innerJoin('eservice_versions', (join) =>
      join
        .onRef('eservice_versions.municipality_id', '=', 'submissions.municipality_id')
        .onRef('eservice_versions.eservice_id', '=', 'submissions.eservice_id')
        .onRef('eservice_versions.version', '=', 'submissions.version'),
    )
    .innerJoin('municipalities', 'municipalities.id', 'submissions.municipality_id')
    .selectAll('submissions')
    .select([
      'eservice_versions.definition',
      'municipalities.name as municipality_name',
      'municipalities.display_name',
      'municipalities.host_name',
      'municipalities.brand_primary',
      'municipalities.brand_on_primary',
      'municipalities.brand_focus',
    ])
    .where('submissions.municipality_id', '=', municipalityId)
    .where('submissions.id', '=', submissionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { definition, municipality_name, display_name, host_name, brand_primary, brand_on_primary, brand_focus, ...submission } = row;
  const colours = brand_primary && brand_on_primary && brand_focus ? { primary: brand_primary, onPrimary: brand_on_primary, focus: brand_focus } : DEFAULT_BRAND_COLOURS;
  const signatures = await db
    .selectFrom('submission_signatures')
    .select(['signer_name as name', 'role', 'signed_at as signedAt'])
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .orderBy('signed_at')
    .execute();
  const attachments = await db
    .selectFrom('attachments')
    .select(['id', 'original_name as name', 'media_type as mediaType', 'size'])
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .orderBy('created_at')
    .execute();
  const bookings = bookingFields(definition).length === 0 ? [] : await currentBookingsOf(db, submissionId);
  const refund =
    submission.fee_ore === null
      ? undefined
      : await db.selectFrom('refund_requests').select('status').where('submission_id', '=', submissionId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  // read once however many parts show it (the PDF, the e-mail)
  let logo: Promise<Logo | undefined> | undefined;
  return {
    submission,
    definition,
    municipalityName: display_name ?? municipality_name,
    hostName: host_name,
    brand: { colours, logo: () => (logo ??= loadLogo(db, municipalityId)) },
    signatures: signatures as ReceiptSignature[],
    attachments,
    bookings: bookings.map((seat) => ({ field: seat.field, resource: seat.resource, start: stockholmIso(seat.starts_at), cancelled: seat.state !== 'booked' })),
    refundStatus: refund?.status,
  };
}

/**
 * The answers with each booking field's answer replaced by its booking as it stands now. A citizen
 * may move or cancel a booking after submitting (Mina sidor), and the booking (booking_seats) is
 * what holds: the stored answers are left as submitted, because they are what the citizen
 * signed (their hash is in the signature, see signing/content.ts) and what was delivered; so
 * every view renders the booking from the bookings table instead of rewriting the answers.
 */
export function withCurrentBookings(answers: unknown, bookings: CurrentBooking[] = []): Record<string, unknown> {
  const current = isRecord(answers) ? { ...answers } : {};
  for (const booking of bookings) current[booking.field] = { resource: booking.resource, start: booking.start };
  return current;
}

/** The answers as a person reads them: an attachment's id is shown as its file's name, a booking as it stands now. */
export function readableAnswers({ submission, attachments = [], bookings }: Pick<ReceiptSource, 'submission' | 'attachments' | 'bookings'>): Record<string, unknown> {
  const names = new Map(attachments.map((a) => [a.id, a.name]));
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return names.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replace(child)]));
    return value;
  };
  return replace(withCurrentBookings(submission.answers, bookings)) as Record<string, unknown>;
}

const attachmentLine = (attachment: ReceiptAttachment, language: Language) =>
  `${attachment.name} (${TYPE_NAMES[attachment.mediaType] ?? attachment.mediaType}, ${Math.max(1, Math.round(attachment.size / 1024)).toLocaleString(language === 'en' ? 'en-GB' : 'sv-SE')} kB)`;

const WORDS = {
  sv: { yes: 'Ja', no: 'Nej', other: 'Övriga uppgifter', item: 'Nr', booking: 'Bokning', cancelled: 'Avbokad' },
  en: { yes: 'Yes', no: 'No', other: 'Other details', item: 'No.', booking: 'Booking', cancelled: 'Cancelled' },
} as const;

export const languageOf = (value: string): Language => (LANGUAGES.includes(value as Language) ? (value as Language) : 'sv');

/** Date and time in Swedish local time, e.g. "2026-11-25 14:05". */
export function stockholmTime(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** 12-digit personnummer as written: ÅÅÅÅMMDD-NNNN. */
export const formatPersonalIdentityNumber = (value: string) => value.replace(/^(\d{8})(\d{4})$/, '$1-$2');

/** The receipt of a submission, labelled from the version the citizen answered. */
export function receiptContent(source: ReceiptSource): ReceiptContent {
  const { submission, definition, municipalityName, signatures, attachments = [], brand = { colours: DEFAULT_BRAND_COLOURS } } = source;
  const language = languageOf(submission.language);
  const answers = readableAnswers(source);
  const includeAnswers = definition.receipt.includeAnswers;
  return {
    language,
    municipalityName: textIn(municipalityName, language) ?? '',
    eserviceTitle: textIn(definition.catalogue.title, language) ?? definition.id,
    receiptNumber: submission.receipt_number,
    submittedAt: submission.submitted_at,
    submittedAtText: stockholmTime(submission.submitted_at),
    applicant:
      submission.applicant_personal_identity_number === null
        ? undefined
        : {
            name: submission.applicant_name ?? '',
            personalIdentityNumber: formatPersonalIdentityNumber(submission.applicant_personal_identity_number),
            ...(submission.organisation_number ? { organisationNumber: submission.organisation_number } : {}),
          },
    message: textIn(definition.receipt.message, language),
    sections: includeAnswers ? answerSections(definition, answers, language, source.bookings) : [],
    answersOmitted: !includeAnswers,
    attachments: attachments.map((attachment) => attachmentLine(attachment, language)),
    signature: !definition.signing.required ? 'not-required' : submission.state === 'submitted' ? 'signed' : 'pending',
    signatures: signatures.map((s) => ({ ...s, signedAtText: stockholmTime(s.signedAt) })),
    contact: definition.owner.contact,
    brand,
    payment: receiptPayment(source, language),
  };
}

/** The answers step by step, in the order of the form; answers outside every step come last. A cancelled booking says so. */
export function answerSections(definition: EServiceDefinition, answers: Record<string, unknown>, language: Language, bookings: CurrentBooking[] = []): ReceiptSection[] {
  const cancelled = new Set(bookings.filter((b) => b.cancelled).map((b) => b.field));
  const { form } = definition;
  const properties = objectProperties(form.schema);
  const shown = new Set<string>();
  const sections: ReceiptSection[] = [];
  const rowsFor = (names: string[]) =>
    names.flatMap((name) => {
      shown.add(name);
      const row = answerRow(definition, name, properties.get(name) ?? {}, answers[name], language);
      if (row && cancelled.has(name)) row.rows = [...(row.rows ?? []), { label: WORDS[language].booking, value: WORDS[language].cancelled }];
      return row ? [row] : [];
    });
  for (const step of form.steps) {
    const rows = rowsFor(step.fields);
    if (rows.length > 0) sections.push({ title: textIn(step.title, language) ?? step.id, rows });
  }
  const rest = rowsFor(Object.keys(answers).filter((name) => !shown.has(name)));
  if (rest.length > 0) sections.push({ title: WORDS[language].other, rows: rest });
  return sections;
}

function answerRow(definition: EServiceDefinition, path: string, schema: JsonSchemaObject, value: unknown, language: Language): ReceiptRow | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const texts = definition.form.texts[path];
  const label = textIn(texts?.label, language) ?? path.split('.').at(-1) ?? path;
  const items = arrayItems(schema);
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.some((item) => isRecord(item))) {
      const rows = value.flatMap((item, index) => {
        const nested = isRecord(item) ? objectRows(definition, path, items ?? {}, item, language) : [];
        return [{ label: `${WORDS[language].item} ${index + 1}`, rows: nested }];
      });
      return { label, rows };
    }
    const choices = value.map((item) => scalarText(item, texts?.options, language));
    // a ranking's order is the citizen's preference: "1. Ekbacken, 2. Solrosen"
    const shown = isRankedChoice(definition.form, path) ? choices.map((text, i) => `${i + 1}. ${text}`) : choices;
    return { label, value: shown.join(', ') };
  }
  if (isRecord(value)) {
    const rows = objectRows(definition, path, schema, value, language);
    return rows.length > 0 ? { label, rows } : undefined;
  }
  return { label, value: scalarText(value, texts?.options, language) };
}

function objectRows(definition: EServiceDefinition, prefix: string, schema: JsonSchemaObject, value: Record<string, unknown>, language: Language): ReceiptRow[] {
  const properties = schema.type === 'object' ? objectProperties(schema) : new Map<string, JsonSchemaObject>();
  const names = [...properties.keys(), ...Object.keys(value).filter((name) => !properties.has(name))];
  return names.flatMap((name) => {
    const row = answerRow(definition, `${prefix}.${name}`, properties.get(name) ?? {}, value[name], language);
    return row ? [row] : [];
  });
}

function scalarText(value: unknown, options: Record<string, LocalizedText> | undefined, language: Language): string {
  if (typeof value === 'boolean') return WORDS[language][value ? 'yes' : 'no'];
  const key = String(value);
  const option = options?.[key];
  if (option) return textIn(option, language) ?? key;
  return typeof value === 'object' ? JSON.stringify(value) : key;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
