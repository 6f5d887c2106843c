import { sql } from 'kysely';

/** Today in Sweden, by the database's clock: the day that per-day counters and last days are kept by. */
export const swedishDay = sql<string>`(now() at time zone 'Europe/Stockholm')::date`;
