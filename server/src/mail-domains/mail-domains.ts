import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { objectBody } from '../cases/status.js';
import { unprocessable } from '../problems/problem.js';

/** A municipality has a handful of domains (its own, its companies', a federation's); more is a mistake. */
export const MAIL_DOMAINS_MAX = 20;

/** A DNS domain (RFC 1123 labels), at least two labels, the last not numeric. */
const DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `{ domains: [...] }` normalised to lower case without @ or a final dot, each once, or a 422 naming the first bad one. */
export function parseMailDomains(body: unknown): string[] {
  const { domains } = objectBody(body);
  if (!Array.isArray(domains) || domains.length > MAIL_DOMAINS_MAX) {
    throw unprocessable('mail-domains-invalid', bilingual(`Ange högst ${MAIL_DOMAINS_MAX} domäner som en lista.`, `Give at most ${MAIL_DOMAINS_MAX} domains as a list.`), { field: 'domains' });
  }
  const normalised = domains.map((domain, i) => {
    const name = typeof domain === 'string' ? domain.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '') : '';
    if (!DOMAIN.test(name)) {
      throw unprocessable(
        'mail-domain-invalid',
        bilingual(`Ange domänen som kommun.se, utan @ och utan adress före (nummer ${i + 1}).`, `Give the domain as municipality.se, without @ and without an address before it (number ${i + 1}).`),
        { field: `domains.${i}` },
      );
    }
    return name;
  });
  return [...new Set(normalised)].sort();
}

export async function loadMailDomains(db: Kysely<Database>, municipalityId: string): Promise<string[]> {
  const rows = await db.selectFrom('municipality_mail_domains').select('domain').where('municipality_id', '=', municipalityId).orderBy('domain').execute();
  return rows.map((r) => r.domain);
}

/** Replaces the list; call inside the transaction that audits the change. */
export async function saveMailDomains(trx: Kysely<Database>, municipalityId: string, domains: readonly string[]): Promise<void> {
  await trx.deleteFrom('municipality_mail_domains').where('municipality_id', '=', municipalityId).execute();
  if (domains.length > 0) await trx.insertInto('municipality_mail_domains').values(domains.map((domain) => ({ municipality_id: municipalityId, domain }))).execute();
}
