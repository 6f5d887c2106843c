import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { createLocalAdmin } from './admins.js';
import { credentialLines } from './commands.js';

export const DEMO_ADMIN_USERNAME = 'admin';

/**
 * For `npm start`: a demo local administrator `admin`, created only when the installation has no
 * local administrator at all. Returns the lines for the start banner: the credentials the one
 * time they are created, afterwards only how to get new ones.
 */
export async function demoLocalAdminBanner(db: Kysely<Database>): Promise<string[]> {
  const existing = await db.selectFrom('local_admins').select(['username', 'demo']).execute();
  if (existing.length > 0) {
    const demo = existing.find((a) => a.demo);
    return demo
      ? [`  Lokal demo-administratör / demo local administrator: ${demo.username} (nya uppgifter / new credentials: stoppa servern / stop the server, npm run admin -- reset --username ${demo.username})`]
      : [];
  }
  const credentials = await createLocalAdmin(db, { username: DEMO_ADMIN_USERNAME, displayName: 'Demo-administratör', demo: true }, 'demo-start');
  return [
    '',
    '  DEMO-KONTO, bara för att prova plattformen / DEMO ACCOUNT, only for trying the platform out:',
    '  lokal administratör (alla plattformsrättigheter) / local administrator (platform administrator)',
    ...credentialLines(credentials),
    '  Inloggning / login: POST /api/staff/login/local { username, password, totp }',
    '  Koder / codes: lägg in hemligheten i en autentiseringsapp, eller / add the secret to an authenticator app, or:',
    `    npm run admin -- code --secret ${credentials.totp.base32}`,
    '  Visas bara nu / shown only now. Stäng av / switch off: STAFF_LOCAL_LOGIN=off',
  ];
}
