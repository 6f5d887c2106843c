import type { Config } from '../config.js';
import type { MailSettings } from '../mail/sender.js';
import { startMailboxSimulator } from '../simulators/mailbox/simulator.js';

export interface DemoMail {
  /** Where receipts go: SMTP_URL when given, else the mailbox simulator */
  settings: MailSettings | undefined;
  /** The simulator's page listing received e-mails, when it runs */
  mailboxUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Mail for the running server. Demo mode without SMTP_URL starts the mailbox simulator (an
 * SMTP sink with a page listing what arrived) and sends receipts to it; otherwise SMTP_URL is
 * used as is, and without it receipts are not e-mailed.
 */
export async function startMail(config: Pick<Config, 'demo' | 'mail'>): Promise<DemoMail> {
  if (config.mail.smtpUrl || !config.demo) {
    return {
      settings: config.mail.smtpUrl ? { smtpUrl: config.mail.smtpUrl, from: config.mail.from } : undefined,
      mailboxUrl: undefined,
      close: async () => {},
    };
  }
  const mailbox = await startMailboxSimulator();
  return { settings: { smtpUrl: mailbox.smtpUrl, from: config.mail.from }, mailboxUrl: mailbox.url, close: () => mailbox.close() };
}
