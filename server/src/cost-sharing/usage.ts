import { sql, type Kysely } from 'kysely';
import type { LocalizedText, StatisticsPeriod, UsageFigures } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { RECEIPT_EMAIL } from '../receipts/mail.js';
import { periodEnd, periodStart } from '../statistics/repository.js';

export interface MunicipalityUsage {
  id: string;
  name: LocalizedText;
  inhabitants: number | null;
  usage: UsageFigures;
}

const count = (value: unknown) => Number(value ?? 0);

/**
 * Every municipality's use of the installation in a period (Swedish calendar days):
 * - submissions: digital submissions sent and complete (signed where signing is required);
 * - inboxCases: cases that reached the inboxes, digital and registered from paper;
 * - eservicesInUse: e-services that received at least one such case;
 * - deliveries: deliveries to back-office systems completed (receipt e-mails to citizens not counted);
 * - attachmentBytes: bytes of attachments of submissions still stored, uploaded before the period ended.
 */
export async function usageByMunicipality(db: Kysely<Database>, period: StatisticsPeriod): Promise<MunicipalityUsage[]> {
  const [municipalities, cases, deliveries, attachments] = await Promise.all([
    db.selectFrom('municipalities').select(['id', 'name', 'display_name', 'inhabitants']).orderBy('id').execute(),
    db
      .selectFrom('submissions')
      .select((eb) => [
        'municipality_id',
        eb.fn.countAll().filterWhere('channel', '=', 'digital').as('submissions'),
        eb.fn.countAll().as('inbox_cases'),
        sql<string>`count(distinct eservice_id)`.as('eservices'),
      ])
      .where('state', '=', 'submitted')
      .where('submitted_at', '>=', periodStart(period))
      .where('submitted_at', '<', periodEnd(period))
      .groupBy('municipality_id')
      .execute(),
    db
      .selectFrom('deliveries')
      .select((eb) => ['municipality_id', eb.fn.countAll().as('deliveries')])
      .where('state', '=', 'delivered')
      .where('connector_id', '<>', RECEIPT_EMAIL.connectorId)
      .where('delivered_at', '>=', periodStart(period))
      .where('delivered_at', '<', periodEnd(period))
      .groupBy('municipality_id')
      .execute(),
    db
      .selectFrom('attachments')
      .select((eb) => ['municipality_id', eb.fn.sum<string>('size').as('bytes')])
      .where('submission_id', 'is not', null)
      .where('created_at', '<', periodEnd(period))
      .groupBy('municipality_id')
      .execute(),
  ]);
  return municipalities.map((m) => {
    const c = cases.find((row) => row.municipality_id === m.id);
    return {
      id: m.id,
      name: m.display_name ?? m.name,
      inhabitants: m.inhabitants,
      usage: {
        submissions: count(c?.submissions),
        eservicesInUse: count(c?.eservices),
        inboxCases: count(c?.inbox_cases),
        deliveries: count(deliveries.find((row) => row.municipality_id === m.id)?.deliveries),
        attachmentBytes: count(attachments.find((row) => row.municipality_id === m.id)?.bytes),
      },
    };
  });
}

export async function saveInhabitants(db: Kysely<Database>, municipalityId: string, inhabitants: number | null): Promise<boolean> {
  const result = await db.updateTable('municipalities').set({ inhabitants }).where('id', '=', municipalityId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
