import type { Language } from '@etjanst/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import type { ValidatorCode } from './code.js';

/** One published version, as its validators are stored by. */
export interface VersionKey {
  municipalityId: string;
  eserviceId: string;
  version: number;
}

const ofVersion = ({ municipalityId, eserviceId, version }: VersionKey) =>
  ({ municipality_id: municipalityId, eservice_id: eserviceId, version }) as const;

/** Stores a version's generated code, replacing code generated from schemas that have since changed. */
export async function saveValidatorCode(db: Kysely<Database>, key: VersionKey, code: ValidatorCode): Promise<void> {
  const generated = { fingerprint: code.fingerprint, answers_code: code.answers, drafts_code: code.drafts, form_code: code.forms, generated_at: new Date() };
  await db
    .insertInto('eservice_version_validators')
    .values({ ...ofVersion(key), ...generated })
    .onConflict((oc) => oc.columns(['municipality_id', 'eservice_id', 'version']).doUpdateSet(generated))
    .execute();
}

/** The stored code of a version's validator of answers or of drafts, and what it was generated from. */
export async function findAnswerValidatorCode(db: Kysely<Database>, key: VersionKey, of: 'answers' | 'drafts' = 'answers'): Promise<{ fingerprint: string; code: string } | undefined> {
  const row = await db
    .selectFrom('eservice_version_validators')
    .select(['fingerprint', 'answers_code', 'drafts_code'])
    .where('municipality_id', '=', key.municipalityId)
    .where('eservice_id', '=', key.eserviceId)
    .where('version', '=', key.version)
    .executeTakeFirst();
  return row && { fingerprint: row.fingerprint, code: of === 'answers' ? row.answers_code : row.drafts_code };
}

/** The stored portal validator code of a version in one language and what it was generated from. */
export async function findFormValidatorCode(db: Kysely<Database>, key: VersionKey, language: Language): Promise<{ fingerprint: string; code: string | undefined } | undefined> {
  const row = await db
    .selectFrom('eservice_version_validators')
    .select(['fingerprint', 'form_code'])
    .where('municipality_id', '=', key.municipalityId)
    .where('eservice_id', '=', key.eserviceId)
    .where('version', '=', key.version)
    .executeTakeFirst();
  return row && { fingerprint: row.fingerprint, code: row.form_code[language] };
}
