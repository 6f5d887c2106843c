import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { Problem } from '../../problems/problem.js';
import { createLocalAdmin, listLocalAdmins, resetLocalAdmin, setLocalAdminDisabled, type LocalAdminCredentials } from './admins.js';
import { currentCode, secretFromBase32 } from './credentials.js';

/**
 * The commands of `npm run admin -- <command>` (cli.ts runs them against the installation's
 * database; tests run them against theirs). Exit codes: 0 done, 1 refused (with the reason in
 * Swedish and English), 2 wrong use.
 */

export interface AdminCommandIO {
  /** The installation's database, migrated; only opened by the commands that need it */
  database: () => Promise<{ db: Kysely<Database>; close(): Promise<void> }>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** A line from standard input: `code` reads the secret there, so it stays out of the shell history */
  readLine: () => Promise<string>;
  /** Who runs the command, for the audit log */
  actor: string;
  now?: () => number;
}

export const USAGE = `Användning / usage: npm run admin -- <kommando / command>

  create --username U --name "Förnamn Efternamn" [--email E]
      Skapar en lokal administratör (plattformsadministratör) och visar lösenord och TOTP-hemlighet en gång.
      Creates a local administrator (platform administrator) and shows password and TOTP secret once.
  reset --username U      Nytt lösenord och ny TOTP-hemlighet, visas en gång; låser upp / new credentials, shown once; unlocks
  disable --username U    Stänger av inloggningen och avslutar sessionerna / switches the login off, ends its sessions
  enable --username U     Slår på inloggningen igen / switches the login on again
  list                    Visar de lokala administratörerna / lists the local administrators
  code [--secret BASE32]  Visar den aktuella TOTP-koden för en hemlighet (från stdin om --secret saknas), som en autentiseringsapp
                          Shows the current TOTP code of a secret (read from stdin without --secret), as an authenticator app does

Med den inbyggda databasen: stoppa servern först. / With the embedded database: stop the server first.
`;

const COMMAND_OPTIONS: Record<string, { required: string[]; optional: string[] }> = {
  create: { required: ['username', 'name'], optional: ['email'] },
  reset: { required: ['username'], optional: [] },
  disable: { required: ['username'], optional: [] },
  enable: { required: ['username'], optional: [] },
  list: { required: [], optional: [] },
  code: { required: [], optional: ['secret'] },
};

const both = (message: BilingualMessage) => `${message.sv}\n${message.en}\n`;

export async function runAdminCommand(args: string[], io: AdminCommandIO): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch {
    io.err(USAGE);
    return 2;
  }
  const { command, values } = parsed;
  const allowed = COMMAND_OPTIONS[command];
  const given = Object.keys(values);
  if (!allowed || allowed.required.some((name) => !values[name]) || given.some((name) => !allowed.required.includes(name) && !allowed.optional.includes(name))) {
    io.err(USAGE);
    return 2;
  }
  if (command === 'code') return showCode(values.secret ?? (await io.readLine()), io);
  const database = await io.database();
  try {
    const { db } = database;
    const username = values.username ?? '';
    switch (command) {
      case 'create':
        io.out(await credentialsText(await createLocalAdmin(db, { username, displayName: values.name ?? '', email: values.email }, io.actor), 'created'));
        break;
      case 'reset':
        io.out(await credentialsText(await resetLocalAdmin(db, username, io.actor), 'reset'));
        break;
      case 'disable':
      case 'enable':
        await setLocalAdminDisabled(db, username, command === 'disable', io.actor);
        io.out(both(command === 'disable' ? bilingual(`${username} är avstängd.`, `${username} is disabled.`) : bilingual(`${username} är påslagen.`, `${username} is enabled.`)));
        break;
      default:
        io.out(listText(await listLocalAdmins(db), io.now?.() ?? Date.now()));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    io.err(both(error.detail));
    return 1;
  } finally {
    await database.close();
  }
}

function parseOptions(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { username: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, secret: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('one command');
  return { command: positionals[0]!, values: values as Record<string, string | undefined> };
}

function showCode(base32: string, io: AdminCommandIO): number {
  const secret = secretFromBase32(base32);
  if (!secret) {
    io.err(both(bilingual('Hemligheten ska vara base32 (A–Z och 2–7), minst 16 tecken, som den visades.', 'The secret must be base32 (A–Z and 2–7), at least 16 characters, as it was shown.')));
    return 1;
  }
  io.out(`${currentCode(secret, io.now?.() ?? Date.now())}\n`);
  return 0;
}

/** The new credentials, shown this once: password, TOTP secret as text, URI and a QR code for an authenticator app. */
export async function credentialsText(credentials: LocalAdminCredentials, what: 'created' | 'reset'): Promise<string> {
  const heading = what === 'created' ? bilingual('Lokal administratör skapad', 'Local administrator created') : bilingual('Nya inloggningsuppgifter', 'New login credentials');
  return [
    `${heading.sv} / ${heading.en}: ${credentials.username}`,
    '',
    ...credentialLines(credentials),
    '',
    await QRCode.toString(credentials.totp.uri, { type: 'terminal', small: true }),
    'Uppgifterna visas bara nu och sparas inte i klartext. Skanna QR-koden (eller skriv in hemligheten) i en autentiseringsapp.',
    'They are shown only now and not stored in clear. Scan the QR code (or type the secret) into an authenticator app.',
    '',
  ].join('\n');
}

export const credentialLines = (credentials: LocalAdminCredentials): string[] => [
  `  Användarnamn / username:  ${credentials.username}`,
  `  Lösenord / password:      ${credentials.password}`,
  `  TOTP-hemlighet / secret:  ${credentials.totp.base32}`,
  `  otpauth-URI:              ${credentials.totp.uri}`,
];

function listText(admins: Awaited<ReturnType<typeof listLocalAdmins>>, now: number): string {
  if (admins.length === 0) return both(bilingual('Det finns ingen lokal administratör.', 'There is no local administrator.'));
  return `${admins
    .map((a) => {
      const state = [
        a.disabled ? 'avstängd / disabled' : 'påslagen / enabled',
        ...(a.lockedUntil && a.lockedUntil.getTime() > now ? [`spärrad till / locked until ${a.lockedUntil.toISOString()}`] : []),
        ...(a.demo ? ['demo'] : []),
      ].join(', ');
      const lastLogin = a.lastLoginAt ? a.lastLoginAt.toISOString() : '–';
      return `${a.username}\t${a.displayName}${a.email ? ` <${a.email}>` : ''}\t${state}\tsenast inloggad / last login: ${lastLogin}`;
    })
    .join('\n')}\n`;
}
