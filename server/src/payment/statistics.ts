import { sql, type Kysely } from 'kysely';
import type { StatisticsPeriod } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';

/** Fees taken by one e-service in a period: paid submissions, their sum and what was paid back (refunds the provider paid), in öre. */
export interface FeesTaken {
  payments: number;
  amountOre: number;
  refundedOre: number;
}

export const NO_FEES: FeesTaken = { payments: 0, amountOre: 0, refundedOre: 0 };

/**
 * Fees taken per e-service of a municipality, by the day they were paid (Swedish time): each paid
 * submission counts once (paid_at is set once, by its first completed payment), and so does a
 * refund (refunded_at is set once, when the provider says the refund request is PAID).
 */
export async function feesTaken(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<Map<string, FeesTaken>> {
  const rows = await db
    .selectFrom('submissions')
    .select((eb) => [
      'eservice_id',
      eb.fn.countAll<string>().as('payments'),
      sql<string>`coalesce(sum(fee_ore), 0)`.as('amount'),
      sql<string>`coalesce(sum(fee_ore) filter (where refunded_at is not null), 0)`.as('refunded'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('paid_at', 'is not', null)
    .where('paid_at', '>=', sql<Date>`(${period.from}::date)::timestamp at time zone 'Europe/Stockholm'`)
    .where('paid_at', '<', sql<Date>`(${period.to}::date + 1)::timestamp at time zone 'Europe/Stockholm'`)
    .groupBy('eservice_id')
    .execute();
  // bigint sums come back as strings on pg
  return new Map(rows.map((r) => [r.eservice_id, { payments: Number(r.payments), amountOre: Number(r.amount), refundedOre: Number(r.refunded) }]));
}
