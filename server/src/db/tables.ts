import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { BilingualMessage, CheckReport, DefinitionProblem, EServiceDefinition, Language, LocalizedText, StaffRole } from '@etjanst/schemas';

/** Row types of every table. Every row carries its municipality (tenant). */
export interface Database {
  municipalities: MunicipalityTable;
  municipality_logos: MunicipalityLogoTable;
  municipality_mail_domains: MunicipalityMailDomainTable;
  departments: DepartmentTable;
  users: UserTable;
  eservices: EServiceTable;
  eservice_versions: EServiceVersionTable;
  eservice_version_validators: EServiceVersionValidatorsTable;
  submissions: SubmissionTable;
  receipt_counters: ReceiptCounterTable;
  audit_log: AuditLogTable;
  sessions: SessionTable;
  bankid_orders: BankIdOrderTable;
  saml_requests: SamlRequestTable;
  prefill_lookups: PrefillLookupTable;
  contact_details: ContactDetailsTable;
  receipt_tokens: ReceiptTokenTable;
  attachments: AttachmentTable;
  drafts: DraftTable;
  eservice_version_checks: EServiceVersionCheckTable;
  signature_orders: SignatureOrderTable;
  submission_signatures: SubmissionSignatureTable;
  submission_co_signers: SubmissionCoSignerTable;
  case_status_changes: CaseStatusChangeTable;
  case_messages: CaseMessageTable;
  inbound_api_keys: InboundApiKeyTable;
  case_notifications: CaseNotificationTable;
  deliveries: DeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  connector_tests: ConnectorTestTable;
  staff_accounts: StaffAccountTable;
  staff_logins: StaffLoginTable;
  staff_role_grants: StaffRoleGrantTable;
  staff_sessions: StaffSessionTable;
  staff_group_mappings: StaffGroupMappingTable;
  operating_messages: OperatingMessageTable;
  eservice_reviews: EServiceReviewTable;
  local_admins: LocalAdminTable;
  staff_oidc_flows: StaffOidcFlowTable;
  connector_secrets: ConnectorSecretTable;
  audit_chain: AuditChainTable;
  rate_limit_counters: RateLimitCounterTable;
  staff_identity_providers: StaffIdentityProviderTable;
  job_passes: JobPassTable;
  statistics_increments: StatisticsIncrementTable;
  statistics_totals: StatisticsTotalTable;
  statistics_monthly_totals: StatisticsMonthlyTotalTable;
  idempotency_keys: IdempotencyKeyTable;
  booking_slots: BookingSlotTable;
  booking_seats: BookingSeatTable;
  eservice_ratings: EServiceRatingTable;
  step_event_counters: StepEventCounterTable;
  rating_permits: RatingPermitTable;
  template_offers: TemplateOfferTable;
  template_adoptions: TemplateAdoptionTable;
  payment_requests: PaymentRequestTable;
  refund_requests: RefundRequestTable;
}

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, T, T>;

export interface MunicipalityTable {
  id: string;
  name: Json<LocalizedText>;
  receipt_prefix: string;
  /** Nobody approves their own change (on by default) */
  four_eyes: Generated<boolean>;
  created_at: CreatedAt;
  /** The name its pages and receipts show, when the administrator gave one (migration 046) */
  display_name: ColumnType<LocalizedText | null, LocalizedText | null | undefined, LocalizedText | null>;
  /** Its own host name, lower case; unique */
  host_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** Its colours (#rrggbb), all three or none */
  brand_primary: ColumnType<string | null, string | null | undefined, string | null>;
  brand_on_primary: ColumnType<string | null, string | null | undefined, string | null>;
  brand_focus: ColumnType<string | null, string | null | undefined, string | null>;
  /** For cost sharing by inhabitants */
  inhabitants: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A municipality's logo (migration 046): PNG or JPEG, as sniffed from its bytes. */
export interface MunicipalityLogoTable {
  municipality_id: string;
  media_type: string;
  bytes: Uint8Array;
  sha256: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** An e-mail domain the municipality's administrator declared its own (migration 052, SK-GDPR-005) */
export interface MunicipalityMailDomainTable {
  municipality_id: string;
  /** lower case, without @ */
  domain: string;
}

export interface DepartmentTable {
  municipality_id: string;
  id: string;
  name: Json<LocalizedText>;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<string>;
  municipality_id: string;
  department_id: string | null;
  email: string;
  display_name: string;
  roles: string[];
  created_at: CreatedAt;
}

export interface EServiceTable {
  municipality_id: string;
  id: string;
  department_id: string;
  draft: Json<EServiceDefinition>;
  /** Increases on every draft save; clients send it back to detect concurrent edits. */
  revision: number;
  latest_version: number;
  published_version: number | null;
  published_revision: number | null;
  created_at: CreatedAt;
  updated_at: Date;
  updated_by_account: Generated<string | null>;
  /** Paused: in the catalogue with its message, but it takes no submissions */
  paused_at: Generated<Date | null>;
  pause_message: Generated<LocalizedText | null>;
  /** A scheduled unpublishing */
  unpublish_at: Generated<Date | null>;
  /** The latest save when it failed validation (newer than `draft`, and counted in `revision`); null when that save was valid */
  unfinished_draft: Generated<Record<string, unknown> | null>;
  /** Its findings, as validation gave them when it was saved; written as JSON text (a bare array would go as a PostgreSQL array) */
  unfinished_problems: ColumnType<DefinitionProblem[] | null, string | null | undefined, string | null>;
}

export interface EServiceVersionTable {
  municipality_id: string;
  eservice_id: string;
  version: number;
  definition: Json<EServiceDefinition>;
  draft_revision: number;
  published_at: CreatedAt;
  published_by: string;
  /** The definition's catalogue title, generated by the database (a list reads it without parsing the definition) */
  title: ColumnType<LocalizedText, never, never>;
  /** The definition's benefit figures, generated likewise (statistics) */
  benefit: ColumnType<EServiceDefinition['benefit'], never, never>;
}

/** A published version's validators as standalone code (answer-validation/). */
export interface EServiceVersionValidatorsTable {
  municipality_id: string;
  eservice_id: string;
  version: number;
  /** What the code was generated from; code whose fingerprint differs is generated again */
  fingerprint: string;
  /** The server's answer validator (an ES module) */
  answers_code: string;
  /** The server's validator of drafts' answers (an ES module) */
  drafts_code: string;
  /** The portal's step validators, one ES module per language of the form */
  form_code: Json<Partial<Record<Language, string>>>;
  generated_at: CreatedAt;
}

/** The must-requirement report stored with a published version. */
export interface EServiceVersionCheckTable {
  municipality_id: string;
  eservice_id: string;
  version: number;
  catalogue_version: string;
  verdict: 'passed' | 'failed';
  report: Json<CheckReport & { checkedAt: string }>;
  /** Set again when a version published without a scan is scanned later (checks/assessment.ts) */
  checked_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SubmissionTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  version: number;
  receipt_number: string;
  answers: Json<unknown>;
  language: string;
  submitted_at: CreatedAt;
  applicant_personal_identity_number: string | null;
  applicant_name: string | null;
  identity_method: string | null;
  loa: number | null;
  organisation_number: string | null;
  /** Only 'submitted' is delivered and received; the others wait for signatures (see signing/). */
  state: ColumnType<SubmissionState, SubmissionState | undefined, SubmissionState>;
  /** When co-signers must have signed by (set when the applicant signs) */
  signature_deadline: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Where the case is in its handling (see cases/); its history is in case_status_changes */
  case_status: ColumnType<CaseStatus, CaseStatus | undefined, CaseStatus>;
  /** 'paper' for a case a handler registered from a paper form */
  channel: ColumnType<CaseChannel, CaseChannel | undefined, never>;
  /** The staff account handling the case */
  assigned_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** A paper case's summary, typed in by the handler; an update only erases it (retention) */
  paper_summary: ColumnType<string | null, string | null | undefined, null>;
  /** The case number the registry gave it (case-management delivery) */
  external_case_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the retention job removed its personal data (retention/submissions.ts); null while kept */
  anonymised_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The fee in öre of a fee-carrying e-service (payment/); a string on pg (bigint) */
  fee_ore: ColumnType<string | number | null, string | number | null | undefined, number | null>;
  /** When an 'awaiting-payment' submission expires unpaid */
  payment_due_by: ColumnType<Date | null, Date | null | undefined, Date | null>;
  paid_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The payment request that paid it */
  paid_instruction_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the fee was paid back: the handler's refund request was PAID at the provider (refund_requests) */
  refunded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  refunded_by: ColumnType<string | null, string | null | undefined, string | null>;
  refund_note: ColumnType<string | null, string | null | undefined, string | null>;
}

export const CASE_STATUSES = ['received', 'in-progress', 'more-information-needed', 'decided', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseChannel = 'digital' | 'paper';

/** A citizen's login; the cookie holds a random token, the table only its SHA-256. */
export interface SessionTable {
  id_hash: string;
  municipality_id: string;
  personal_identity_number: string;
  given_name: string;
  surname: string;
  display_name: string;
  loa: number;
  method: string;
  csrf_token: string;
  saml_idp: string | null;
  saml_name_id: string | null;
  saml_name_id_format: string | null;
  saml_session_index: string | null;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

export type BankIdOrderStatus = 'pending' | 'complete' | 'failed' | 'cancelled';

export interface BankIdOrderTable {
  id: Generated<string>;
  /** null: a staff login's order (staff accounts belong to the installation) */
  municipality_id: string | null;
  order_ref: string;
  /** phone-auth, phone-sign: started by the contact centre for a person on the phone (/phone/auth, /phone/sign) */
  kind: 'auth' | 'sign' | 'phone-auth' | 'phone-sign';
  /** SHA-256 of the token binding the order to the flow that started it (a browser's cookie, a session, a staff account). */
  flow_hash: string;
  /** null for a phone order, which has no QR code and no autostart */
  qr_start_token: string | null;
  qr_start_secret: string | null;
  auto_start_token: string | null;
  /** A phone order's person (12 digits), given when it starts; null for the other kinds, whose person BankID names at completion */
  personal_number: ColumnType<string | null, string | null | undefined, never>;
  status: ColumnType<BankIdOrderStatus, BankIdOrderStatus | undefined, BankIdOrderStatus>;
  hint_code: string | null;
  completion: Json<Record<string, unknown>> | null;
  started_at: CreatedAt;
  last_collect_at: Date | null;
  completed_at: Date | null;
}

/** Outstanding SAML AuthnRequest ids: InResponseTo must match one, once (replay protection). */
export interface SamlRequestTable {
  id: string;
  /** null for a staff login (idp 'staff:<idp>'), which belongs to no municipality */
  municipality_id: string | null;
  idp: string;
  return_to: string;
  /** The level of assurance the AuthnRequest asked for (at least); null when it asked for none */
  requested_loa: number | null;
  /** A staff login's forced re-authentication (ForceAuthn): its answer must show a fresh AuthnInstant */
  reauthentication: Generated<boolean>;
  created_at: CreatedAt;
}

export interface ReceiptCounterTable {
  municipality_id: string;
  year: number;
  last_number: number;
}

/** Append-only and hash-chained (audit/chain.ts); rows come from recordAudit only. */
export interface AuditLogTable {
  id: Generated<string>;
  /** null: an installation-level event (staff login, platform administration) */
  municipality_id: string | null;
  /** taken by the app, at millisecond precision: it is hashed */
  occurred_at: ColumnType<Date, Date, never>;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Json<Record<string, unknown>>;
  /** Null until the sealer links the row into the chain (audit/sealing.ts): its place in the chain, the hash before it, its own */
  chain_seq: ColumnType<string | null, never, string>;
  prev_hash: ColumnType<string | null, never, string>;
  hash: ColumnType<string | null, never, string>;
}

/** A queued e-mail (case news, co-sign requests): queued (to be tried), sent, or failed for good. */
export type QueuedMailStatus = 'queued' | 'sent' | 'failed';

/** A short-lived download link to one receipt PDF; only the token's SHA-256 is stored. */
export interface ReceiptTokenTable {
  token_hash: string;
  municipality_id: string;
  submission_id: string;
  created_at: CreatedAt;
  expires_at: Date;
}

/** A prefill source's answer for one login, kept for the minutes of a form (record null: no such person). */
export interface PrefillLookupTable {
  /** SHA-256 of the session's CSRF token: one login, without storing anything that opens it */
  session_key: string;
  source: string;
  municipality_id: string;
  personal_identity_number: string;
  record: Json<Record<string, unknown>> | null;
  fetched_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
}

/** A citizen's contact details, saved with their consent to be offered in the next e-service. */
export interface ContactDetailsTable {
  id: Generated<string>;
  municipality_id: string;
  personal_identity_number: string;
  email: string | null;
  phone: string | null;
  consent_given_at: Date;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A logged-in citizen's unfinished answers to one e-service version (one per person and e-service). */
export interface DraftTable {
  id: Generated<string>;
  municipality_id: string;
  personal_identity_number: string;
  eservice_id: string;
  version: number;
  answers: Json<Record<string, unknown>>;
  step_id: string | null;
  revision: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
}

/** An uploaded file for an attachment field; owned by an e-ID person or (anonymous e-services) an upload token's hash. */
export interface AttachmentTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  version: number;
  field_path: string;
  owner_personal_identity_number: string | null;
  /** SHA-256 of the browser's upload token */
  owner_token_hash: string | null;
  original_name: string;
  /** The type sniffed from the content, never the one the browser declared */
  media_type: string;
  size: number;
  sha256: string;
  bytes: Uint8Array;
  created_at: CreatedAt;
  submission_id: string | null;
}

export type SubmissionState = 'awaiting-signature' | 'awaiting-co-signatures' | 'awaiting-payment' | 'submitted' | 'signature-expired' | 'payment-expired';
export type SignerRole = 'applicant' | 'co-signer';

/** A BankID sign order started for one signer of one submission; `refusal` when its completion was not accepted. */
export interface SignatureOrderTable {
  bankid_order_id: string;
  municipality_id: string;
  submission_id: string;
  signer_personal_identity_number: string;
  role: SignerRole;
  /** SHA-256 hex of the canonical answers and version, sent as userNonVisibleData */
  signed_hash: string;
  refusal: string | null;
  created_at: CreatedAt;
}

/** A completed BankID signature of a submission, as BankID returned it. */
export interface SubmissionSignatureTable {
  id: Generated<string>;
  municipality_id: string;
  submission_id: string;
  bankid_order_id: string;
  signer_personal_identity_number: string;
  signer_name: string;
  role: SignerRole;
  signed_at: ColumnType<Date, Date | undefined, never>;
  /** Base64 of BankID's XML signature */
  signature: string;
  /** Base64 of the OCSP response for the signer's certificate */
  ocsp_response: string;
  signed_hash: string;
}

/** A co-signer the answers name, listed once the applicant has signed. */
export interface SubmissionCoSignerTable {
  municipality_id: string;
  submission_id: string;
  personal_identity_number: string;
}

export type CaseActorKind = 'platform' | 'handler' | 'system';

/** One change of a case's status: to what, by whom (a handler, a back-office system, the platform), when. */
export interface CaseStatusChangeTable {
  id: Generated<string>;
  municipality_id: string;
  submission_id: string;
  status: CaseStatus;
  actor_kind: CaseActorKind;
  actor_name: string;
  note: string | null;
  changed_at: CreatedAt;
}

export type CaseMessageDirection = 'to-citizen' | 'from-citizen';

/** A message in a case, to the citizen (from a handler or a system) or from the citizen. */
export interface CaseMessageTable {
  id: Generated<string>;
  municipality_id: string;
  submission_id: string;
  direction: CaseMessageDirection;
  author_kind: 'handler' | 'system' | 'citizen';
  author_name: string;
  body: string;
  created_at: CreatedAt;
  read_at: Date | null;
}

/** A back-office system's key to the inbound API, scoped to one municipality; only its SHA-256 is stored. */
export interface InboundApiKeyTable {
  id: Generated<string>;
  municipality_id: string;
  system_name: string;
  key_hash: string;
  /** The key's first characters, so an admin can tell keys apart */
  key_prefix: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
  /** The key before the last rotation, still accepted until previous_valid_until */
  previous_key_hash: ColumnType<string | null, string | null | undefined, string | null>;
  previous_valid_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  rotated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A "news in your case" e-mail to the citizen and how its delivery went. */
export type CaseNotificationKind = 'case-news' | 'co-sign-request';

export interface CaseNotificationTable {
  id: Generated<string>;
  municipality_id: string;
  submission_id: string;
  to_address: string;
  kind: ColumnType<CaseNotificationKind, CaseNotificationKind | undefined, never>;
  status: ColumnType<QueuedMailStatus, QueuedMailStatus | undefined, QueuedMailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export type DeliveryState = 'pending' | 'in-flight' | 'delivered' | 'dead';

/** One submission's delivery through one connector (the outbox row); see delivery/. */
export interface DeliveryTable {
  id: Generated<string>;
  municipality_id: string;
  submission_id: string;
  eservice_id: string;
  connector_id: string;
  connector_type: string;
  /** Sent with every attempt, so the target creates one case however often it is tried */
  idempotency_key: string;
  state: ColumnType<DeliveryState, DeliveryState | undefined, DeliveryState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  /** While in flight: when another worker may take the delivery over */
  lease_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The claim of the worker holding the lease; a late worker whose lease was taken over cannot record an outcome */
  claim_id: ColumnType<string | null, string | null | undefined, string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  external_reference: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DeliveryAttemptTable {
  id: Generated<string>;
  municipality_id: string;
  delivery_id: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  error: string | null;
  finished_at: ColumnType<Date, Date | undefined, never>;
}

/** The outcome of one "send test delivery" of a connector of an e-service. */
export interface ConnectorTestTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  connector_id: string;
  succeeded: boolean;
  /** What the test found, in Swedish (rows from before migration 016: as the connector said it) */
  message: string | null;
  message_en: string | null;
  tested_at: ColumnType<Date, Date | undefined, never>;
}

export type DeliveryRow = Selectable<DeliveryTable>;
export type DeliveryAttemptRow = Selectable<DeliveryAttemptTable>;
export type EServiceRow = Selectable<EServiceTable>;
export type EServiceVersionRow = Selectable<EServiceVersionTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type DraftRow = Selectable<DraftTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

/** A staff member: one account whatever way they log in (see staff_logins). */
export interface StaffAccountTable {
  id: Generated<string>;
  display_name: string;
  email: string | null;
  personal_identity_number: string | null;
  created_at: CreatedAt;
  disabled_at: Date | null;
}

/** A login that leads to an account: provider 'local', 'oidc:<id>', 'saml:<id>' or 'e-id', and its subject. */
export interface StaffLoginTable {
  provider: string;
  subject: string;
  account_id: string;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

export interface StaffRoleGrantTable {
  id: Generated<string>;
  account_id: string;
  role: StaffRole;
  municipality_id: string | null;
  department_id: string | null;
  source: 'manual' | 'group';
  granted_by: string;
  created_at: CreatedAt;
}

export interface StaffSessionTable {
  id_hash: string;
  account_id: string;
  method: string;
  csrf_token: string;
  /** When the person last proved who they are: the IdP's auth_time or AuthnInstant for SSO; null when the IdP did not say */
  authenticated_at: Date | null;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  /** OIDC: the ID token, the id_token_hint of single logout; cleared when the session ends */
  oidc_id_token: string | null;
  /** SAML: what our LogoutRequest names and the IdP's LogoutRequest is matched on */
  saml_name_id: string | null;
  saml_name_id_format: string | null;
  saml_session_index: string | null;
  created_at: CreatedAt;
}

/** An identity provider's group and the grant it gives at login. */
export interface StaffGroupMappingTable {
  id: Generated<string>;
  provider: string;
  group_name: string;
  role: StaffRole;
  municipality_id: string | null;
  department_id: string | null;
  created_at: CreatedAt;
}

export type OperatingMessageKind = 'disruption' | 'maintenance';

/** A notice shown to citizens while in force; municipality_id null: the whole installation. */
export interface OperatingMessageTable {
  id: Generated<string>;
  municipality_id: string | null;
  eservice_id: string | null;
  kind: OperatingMessageKind;
  title: Json<LocalizedText>;
  body: Json<LocalizedText>;
  starts_at: Date;
  ends_at: Date;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Date | null;
}

export type ReviewStatus = 'pending' | 'scheduled' | 'publishing' | 'published' | 'returned' | 'superseded' | 'failed';

/** A draft sent for review, and the approver's decision. */
export interface EServiceReviewTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  draft_revision: number;
  definition: Json<EServiceDefinition>;
  report: Json<CheckReport>;
  status: ReviewStatus;
  requested_by: string;
  requested_by_account: string | null;
  last_editor_account: string | null;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_by_account: string | null;
  decided_at: Date | null;
  comment: string | null;
  publish_at: Date | null;
  publishing_since: Date | null;
  published_version: number | null;
  /** Why a scheduled publishing was refused (the problem's code and text) */
  failure: Json<ReviewFailure> | null;
}

export interface ReviewFailure {
  code: string;
  title: BilingualMessage;
  detail: BilingualMessage;
}

export type EServiceReviewRow = Selectable<EServiceReviewTable>;

/** The break-glass local administrator's credentials (see staff/local-admin/). */
export interface LocalAdminTable {
  id: string;
  username: string;
  account_id: string;
  password_hash: string;
  totp_secret_sealed: Uint8Array;
  key_salt: Uint8Array;
  last_totp_step: number | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

/** A staff OpenID Connect login between its start and the provider's callback. */
/** A staff identity provider a platform administrator stored (staff/identity-providers/). */
export interface StaffIdentityProviderTable {
  id: string;
  kind: 'oidc' | 'saml';
  name: Json<BilingualMessage>;
  /** What may be shown: never a secret (staff/identity-providers/stored.ts) */
  settings: Json<Record<string, unknown>>;
  /** An OIDC provider's client secret: write-only, read only to log in */
  client_secret: string | null;
  created_at: CreatedAt;
  created_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: string;
}

export interface StaffOidcFlowTable {
  state_hash: string;
  provider: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  /** A forced re-authentication (prompt=login, max_age=0): its ID token must show a fresh auth_time */
  reauthentication: Generated<boolean>;
  created_at: CreatedAt;
}

/** A signing connector's secret (AES-256-GCM, see delivery/connector-secrets.ts) and the previous one during a rotation's overlap. */
export interface ConnectorSecretTable {
  municipality_id: string;
  eservice_id: string;
  connector_id: string;
  secret_encrypted: string;
  previous_secret_encrypted: ColumnType<string | null, string | null | undefined, string | null>;
  previous_valid_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  rotated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The ends of the audit log's one hash chain (a single row; appends lock it). */
export interface AuditChainTable {
  id: Generated<boolean>;
  /** The prev_hash the first remaining row links to: zeros, or the hash of the last row retention removed */
  anchor_hash: string;
  /** The last row sealed (null before the first), and its hash: the next sealed row's prev_hash */
  head_id: string | null;
  head_hash: string;
  /** The chain_seq of the last row sealed (0 before the first) */
  head_seq: ColumnType<string, never, string | number>;
}

/** One limited key's current window (installation-wide: keys name addresses and identities, not tenants). */
export interface RateLimitCounterTable {
  key: string;
  window_started_at: ColumnType<Date, Date | undefined, Date>;
  window_seconds: number;
  hits: number;
}

/** What the statistics count, per municipality, e-service and Swedish day (migration 042). */
export interface StatisticsFigures {
  municipality_id: string;
  eservice_id: string;
  /** A 'YYYY-MM-DD' Swedish calendar day */
  day: ColumnType<string, string, never>;
  digital: number;
  paper: number;
  sent_without_draft: number;
  drafts_created: number;
  drafts_not_sent: number;
  drafts_still_saved: number;
}

/** A signed change of the figures, appended by triggers in the changing statement's transaction; folded away into the totals. */
export interface StatisticsIncrementTable extends StatisticsFigures {
  id: Generated<string>;
}

/** The folded figures: one row per municipality, e-service and day. */
export type StatisticsTotalTable = StatisticsFigures;

/** The folded figures summed per calendar month (migration 049), folded in the same statement as the days. */
export interface StatisticsMonthlyTotalTable extends Omit<StatisticsFigures, 'day'> {
  /** The month's first day, 'YYYY-MM-01' */
  month: ColumnType<string, string, never>;
}

/** A background job's last timed pass, installation-wide (jobs/pass-window.ts). */
export interface JobPassTable {
  job: string;
  started_at: Date;
  /** host:pid of the instance that ran it */
  instance: string;
  passes: number;
}

/** One caller's Idempotency-Key: in flight (held until `locked_until`) or completed (its response sealed). */
export interface IdempotencyKeyTable {
  /** SHA-256 of the caller's scope and the key: neither is stored */
  key_hash: string;
  /** HMAC of the request (method, path, body) under a key derived from the Idempotency-Key */
  fingerprint: string;
  /** The request that holds the key; null once its response is remembered for good */
  holder: ColumnType<string | null, string | null | undefined, string | null>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The response (status, headers, body), AES-256-GCM under a key derived from the Idempotency-Key; null while in flight */
  response: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  created_at: CreatedAt;
  expires_at: Date;
}

/** A slot someone has tried to take: the row holding and booking lock (migration 048). */
export interface BookingSlotTable {
  municipality_id: string;
  eservice_id: string;
  field: string;
  resource: string;
  starts_at: Date;
  /** Blocked by a handler: no new holds (migration 043) */
  blocked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  blocked_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type BookingSeatState = 'held' | 'booked' | 'cancelled';

/** One seat of a slot: held by a citizen until `held_until`, booked with a submission, or cancelled. */
export interface BookingSeatTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  field: string;
  resource: string;
  starts_at: Date;
  /** the version whose booking rules (capacity, cancellation deadline) the seat was taken under */
  version: number;
  personal_identity_number: string;
  state: BookingSeatState;
  held_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  submission_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A citizen's grade of an e-service, given after the receipt: nothing says whose (migration 047). */
export interface EServiceRatingTable {
  id: Generated<string>;
  municipality_id: string;
  eservice_id: string;
  version: number;
  grade: number;
  /** Scrubbed of personal identity numbers, e-mail addresses and phone numbers before it is stored */
  comment: string | null;
  /** The day only, so a rating cannot be matched to a submission by its time */
  rated_on: string;
}

/**
 * A citizen's one rating of an e-service, issued with a submission's answer (migration 048):
 * the permit's hash and where it may be used, nothing of the submission or when it was made.
 */
export interface RatingPermitTable {
  /** sha256 of the permit, which only the citizen's browser holds */
  permit_hash: string;
  municipality_id: string;
  eservice_id: string;
  /** The last Swedish day the permit may be used: a day, not an instant, so it points to no submission */
  expires_on: string;
}

/** Anonymous step events of the portal, added up per day (migration 047). They count, per day; there is no personal data to keep or erase. */
export interface StepEventCounterTable {
  municipality_id: string;
  eservice_id: string;
  version: number;
  step_index: number;
  kind: 'reached' | 'completed';
  day: string;
  count: number;
}

/** An e-service its municipality offers the others as a template (migration 045). */
export interface TemplateOfferTable {
  municipality_id: string;
  eservice_id: string;
  offered_at: CreatedAt;
  offered_by: string;
}

/** An e-service made from a template: its origin (no municipality: a template shipped with the platform) and the versions followed. */
export interface TemplateAdoptionTable {
  municipality_id: string;
  eservice_id: string;
  origin_municipality_id: string | null;
  origin_eservice_id: string;
  adopted_version: number;
  /** The origin's newest version the designers have looked through (taken over what they wanted) */
  reviewed_version: number;
  adopted_at: CreatedAt;
  adopted_by: string;
}

export const PAYMENT_STATUSES = ['CREATED', 'PAID', 'DECLINED', 'ERROR', 'CANCELLED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One attempt to pay a submission's fee: a payment request at the provider (payment/). */
export interface PaymentRequestTable {
  instruction_id: string;
  municipality_id: string;
  submission_id: string;
  provider: string;
  amount_ore: ColumnType<string | number, number, never>;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  payment_reference: string | null;
  error_code: string | null;
  created_at: CreatedAt;
  last_checked_at: Date | null;
  settled_at: Date | null;
}

/** Swish's refund statuses: CREATED, then DEBITED (taken from the payee's account), then PAID; or ERROR. */
export const REFUND_STATUSES = ['CREATED', 'DEBITED', 'PAID', 'ERROR'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** A handler's refund of a submission's paid fee: a refund request at the provider (payment/). */
export interface RefundRequestTable {
  instruction_id: string;
  municipality_id: string;
  submission_id: string;
  provider: string;
  amount_ore: ColumnType<string | number, number, never>;
  /** The provider's reference of the payment refunded */
  original_payment_reference: string;
  status: ColumnType<RefundStatus, RefundStatus | undefined, RefundStatus>;
  /** The provider's reference of the refund, once PAID */
  payment_reference: string | null;
  error_code: string | null;
  /** The handler's name */
  requested_by: string;
  note: string | null;
  created_at: CreatedAt;
  last_checked_at: Date | null;
  settled_at: Date | null;
}
