import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { SessionSettings } from '../sessions.js';
import type { SamlServiceProvider } from './config.js';

export interface SamlDependencies {
  db: Kysely<Database>;
  sessions: SessionSettings;
  sp: SamlServiceProvider;
}
