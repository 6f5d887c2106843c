import type { Kysely, Selectable } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { claimQueuedMail, dueQueuedMail, markQueuedMailAttemptFailed, markQueuedMailSent, type MailQueue } from './queue.js';

/** Where the platform's e-mail is sent from: an SMTP server URL and the From address. */
export interface MailSettings {
  /** smtp://host:port or smtps://user:pass@host:port; nodemailer options may follow as a query */
  smtpUrl: string;
  /** The From header, e.g. "Solbacka kommun <noreply@solbacka.se>" */
  from: string;
}

export interface QueuedMailOptions {
  db: Kysely<Database>;
  mail: MailSettings;
  /** The installation's PUBLIC_URL: links lead to a municipality's own host name instead when it has one (citizenBaseUrl) */
  publicUrl: string;
  logger: Logger;
  /** First retry after this long, doubling each time (default 30 s: 30 s, 1 min, 2 min, 4 min) */
  retryBaseMs?: number | undefined;
  /** How often the timer looks for due e-mails (default 15 s) */
  pollMs?: number | undefined;
  /** Attempts before an e-mail is marked failed for good (default 5) */
  maxAttempts?: number | undefined;
}

/** While one attempt runs, no other worker takes the same e-mail for this long. */
const LEASE_MS = 5 * 60_000;

/** A row of an e-mail queue, with the columns every queue has (kysely cannot see them through Q). */
export type QueuedMail<Q extends MailQueue> = Selectable<Database[Q]> & { id: string; submission_id: string; attempts: number };

/**
 * What every e-mail queue does the same way: each e-mail is a row, tried at once and, when that
 * fails, again with exponential backoff by a small in-process timer (start/stop) up to
 * maxAttempts; then it stays 'failed' with its last error, visible for follow-up. A subclass
 * says how one row becomes an e-mail (`send`); nothing here can fail what caused the e-mail.
 */
export abstract class QueuedMailSender<Q extends MailQueue> {
  protected readonly transport: Transporter;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** `what` names the e-mail in the log ("receipt e-mail") */
  constructor(
    private readonly table: Q,
    private readonly what: string,
    protected readonly options: QueuedMailOptions,
  ) {
    this.transport = nodemailer.createTransport({ url: options.mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  /** Sends the e-mail of one claimed row; throws when it was not sent. */
  protected abstract send(row: QueuedMail<Q>): Promise<void>;

  /** Starts the retry timer. */
  start(): this {
    this.stopped = false;
    if (!this.timer) {
      this.timer = setInterval(() => void this.track(this.retryDue()), this.options.pollMs ?? 15_000);
      this.timer.unref();
    }
    return this;
  }

  /** Stops the timer and waits for attempts under way; the transport is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.transport.close();
  }

  /** Tries every queued e-mail that is due (the timer calls this). */
  async retryDue(): Promise<void> {
    try {
      for (const id of await dueQueuedMail(this.options.db, this.table)) {
        if (this.stopped) return;
        await this.attempt(id);
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, `${this.what} retry round failed`);
    }
  }

  /** Runs work that stop() waits for, unless stopping already (then it does not start). */
  protected runTracked(work: () => Promise<void>): void {
    if (!this.stopped) void this.track(work());
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** One attempt at a queued e-mail: claimed, sent and marked, or its failure recorded with the next try. */
  protected async attempt(id: string): Promise<void> {
    const { db, logger } = this.options;
    let row: QueuedMail<Q> | undefined;
    try {
      row = (await claimQueuedMail(db, this.table, id, LEASE_MS)) as QueuedMail<Q> | undefined;
      if (!row) return;
      await this.send(row);
      await markQueuedMailSent(db, this.table, row.id);
      logger.info({ submissionId: row.submission_id, attempt: row.attempts + 1 }, `${this.what} sent`);
    } catch (error) {
      if (!row) {
        logger.warn({ err: error, queue: this.table, id }, `${this.what} could not be started`);
        return;
      }
      const attempts = row.attempts + 1;
      const retryAt = attempts < (this.options.maxAttempts ?? 5) ? new Date(Date.now() + (this.options.retryBaseMs ?? 30_000) * 2 ** (attempts - 1)) : undefined;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ submissionId: row.submission_id, attempt: attempts, retryAt, error: message }, `${this.what} not sent`);
      const failed = row;
      await markQueuedMailAttemptFailed(db, this.table, failed, message, retryAt).catch((err: unknown) =>
        logger.error({ err, queue: this.table, id: failed.id }, `${this.what} outcome could not be recorded`),
      );
    }
  }
}
