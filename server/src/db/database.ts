import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import * as initial from './migrations/001-initial.js';
import * as identity from './migrations/002-identity.js';
import * as prefill from './migrations/003-prefill.js';
import * as receipts from './migrations/004-receipts.js';
import * as attachments from './migrations/005-attachments.js';
import * as drafts from './migrations/006-drafts.js';
import * as signing from './migrations/007-signing.js';
import * as cases from './migrations/010-cases.js';
import * as delivery from './migrations/009-delivery.js';
import * as checks from './migrations/011-checks.js';
import * as coSignNotifications from './migrations/014-co-sign-notifications.js';
import * as statistics from './migrations/015-statistics.js';
import * as connectorTestMessages from './migrations/016-connector-test-messages.js';
import * as staffAccess from './migrations/017-staff-access.js';
import * as localAdmin from './migrations/018-local-admin.js';
import * as staffOidcFlows from './migrations/019-staff-oidc-flows.js';
import * as operatingMessages from './migrations/024-operating-messages.js';
import * as approval from './migrations/025-approval.js';
import * as secrets from './migrations/023-secrets.js';
import * as staffRegisterOnAccounts from './migrations/021-staff-register-on-accounts.js';
import * as auditChain from './migrations/022-audit-chain.js';
import * as staffSaml from './migrations/026-staff-saml.js';
import * as rateLimits from './migrations/027-rate-limits.js';
import * as unfinishedDrafts from './migrations/028-unfinished-drafts.js';
import * as federationConformity from './migrations/029-federation-conformity.js';
import * as retention from './migrations/030-retention.js';
import * as staffIdentityProviders from './migrations/031-staff-identity-providers.js';
import * as versionValidators from './migrations/032-version-validators.js';
import * as phoneSigning from './migrations/033-phone-signing.js';
import * as jobPasses from './migrations/034-job-passes.js';
import * as idempotencyKeys from './migrations/035-idempotency-keys.js';
import * as staffSingleLogout from './migrations/036-staff-single-logout.js';
import * as versionTitles from './migrations/037-version-titles.js';
import * as scaleIndexes from './migrations/038-scale-indexes.js';
import * as receiptEmailDeliveries from './migrations/039-receipt-email-deliveries.js';
import * as auditSealing from './migrations/040-audit-sealing.js';
import * as bookings from './migrations/041-bookings.js';
import * as statisticsTotals from './migrations/042-statistics-totals.js';
import * as bookingBlocks from './migrations/043-booking-blocks.js';
import * as payments from './migrations/044-payments.js';
import * as templateLibrary from './migrations/045-template-library.js';
import * as municipalityBranding from './migrations/046-municipality-branding.js';
import * as citizenInsights from './migrations/047-citizen-insights.js';
import * as ratingPermits from './migrations/048-rating-permits.js';
import * as statisticsMonthlyTotals from './migrations/049-statistics-monthly-totals.js';
import * as refundRequests from './migrations/050-refund-requests.js';
import * as withdrawUnpublishedOffers from './migrations/051-withdraw-unpublished-offers.js';
import * as municipalityMailDomains from './migrations/052-municipality-mail-domains.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './tables.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export type DatabaseTarget =
  /** `copyOf`: start an in-memory database as a copy of another's data directory (PGlite's dumpDataDir), not from an empty one */
  | { kind: 'pglite'; dataDir: string | 'memory'; copyOf?: Blob }
  /** `poolSize`: connections this process opens at most (default 10) */
  | { kind: 'postgres'; url: string; poolSize?: number };

/** How long a query waits for a pooled connection to PostgreSQL before it fails. */
const CONNECT_TIMEOUT_MS = 5000;

/** Opens the embedded PGlite (data folder or in memory) or a PostgreSQL server; same Kysely API. */
export async function openDatabase(
  target: DatabaseTarget,
  onIdleClientError: (error: Error) => void = () => {},
): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    // While the server is away a request waits at most this long for a connection, then answers 503.
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A connection the server ends (restart, failover) must not end the process. An idle one is
    // reported here and dropped by the pool, which opens a new one on the next query.
    pool.on('error', onIdleClientError);
    // A checked-out one (e.g. between two statements of a transaction) has no listener of the
    // pool's: its next statement fails (a 503) and the pool drops it when it is released.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (target.dataDir !== 'memory') await mkdir(target.dataDir, { recursive: true });
  const pglite = await PGlite.create(target.dataDir === 'memory' ? { loadDataDir: target.copyOf } : { dataDir: target.dataDir });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/** Migrations are listed here explicitly, in order; a new one is one import and one line. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-identity': identity,
  '003-prefill': prefill,
  '004-receipts': receipts,
  '005-attachments': attachments,
  '006-drafts': drafts,
  '007-signing': signing,
  '010-cases': cases,
  '009-delivery': delivery,
  '011-checks': checks,
  '014-co-sign-notifications': coSignNotifications,
  '015-statistics': statistics,
  '016-connector-test-messages': connectorTestMessages,
  '017-staff-access': staffAccess,
  '018-local-admin': localAdmin,
  '019-staff-oidc-flows': staffOidcFlows,
  '021-staff-register-on-accounts': staffRegisterOnAccounts,
  '022-audit-chain': auditChain,
  '023-secrets': secrets,
  '024-operating-messages': operatingMessages,
  '025-approval': approval,
  '026-staff-saml': staffSaml,
  '027-rate-limits': rateLimits,
  '028-unfinished-drafts': unfinishedDrafts,
  '029-federation-conformity': federationConformity,
  '030-retention': retention,
  '031-staff-identity-providers': staffIdentityProviders,
  '032-version-validators': versionValidators,
  '033-phone-signing': phoneSigning,
  '034-job-passes': jobPasses,
  '035-idempotency-keys': idempotencyKeys,
  '036-staff-single-logout': staffSingleLogout,
  '037-version-titles': versionTitles,
  '038-scale-indexes': scaleIndexes,
  '039-receipt-email-deliveries': receiptEmailDeliveries,
  '040-audit-sealing': auditSealing,
  '041-bookings': bookings,
  '042-statistics-totals': statisticsTotals,
  '043-booking-blocks': bookingBlocks,
  '044-payments': payments,
  '045-template-library': templateLibrary,
  '046-municipality-branding': municipalityBranding,
  '047-citizen-insights': citizenInsights,
  '048-rating-permits': ratingPermits,
  '049-statistics-monthly-totals': statisticsMonthlyTotals,
  '050-refund-requests': refundRequests,
  '051-withdraw-unpublished-offers': withdrawUnpublishedOffers,
  '052-municipality-mail-domains': municipalityMailDomains,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((r) => r.migrationName);
}

/** Answers when the database can run a query; used by /ready. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
