import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml } from '../../http/html.js';

/** One e-mail the mailbox received. */
export interface ReceivedMail {
  id: number;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The HTML part, if the message had one; images in the message stay `cid:` links */
  html: string;
  /** `cid` for an image the HTML shows (an inline attachment) */
  attachments: { filename: string; contentType: string; content: Buffer; cid?: string }[];
  /** The message as it came over SMTP */
  raw: Buffer;
}

export interface MailboxSimulatorOptions {
  host?: string;
  /** SMTP port; 0 (default) picks a free one */
  smtpPort?: number;
  /** Port of the page listing the messages; 0 (default) picks a free one */
  httpPort?: number;
}

export interface MailboxSimulator {
  /** For SMTP_URL, e.g. smtp://127.0.0.1:2525 */
  smtpUrl: string;
  /** The page listing received messages */
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or arriving) that matches */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address ?? v.name));

/**
 * A mail sink for demo and tests: an SMTP server (no TLS, any or no login) that keeps every
 * message in memory, parsed, and a small page listing them with their attachments. Never for
 * production.
 */
export async function startMailboxSimulator(options: MailboxSimulatorOptions = {}): Promise<MailboxSimulator> {
  const host = options.host ?? '127.0.0.1';
  const messages: ReceivedMail[] = [];
  const waiters = new Set<(mail: ReceivedMail) => void>();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'E-tjänstplattformen mailbox simulator',
    size: 25 * 1024 * 1024,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'simulator' }),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw, { keepCidLinks: true })
          .then((parsed) => {
            const mail: ReceivedMail = {
              id: messages.length + 1,
              receivedAt: new Date(),
              from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              to: addresses(parsed.to).length > 0 ? addresses(parsed.to) : session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? 'bilaga', contentType: a.contentType, content: a.content, ...(a.related && a.cid ? { cid: a.cid } : {}) })),
              raw,
            };
            messages.push(mail);
            for (const waiter of waiters) waiter(mail);
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  const smtpServer = smtp.listen(options.smtpPort ?? 0, host);
  await new Promise<void>((resolve, reject) => smtpServer.once('listening', resolve).once('error', reject));
  const smtpPort = (smtpServer.address() as AddressInfo).port;

  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mailbox').pathname;
    const attachment = /^\/messages\/(\d+)\/attachments\/(\d+)$/.exec(path);
    if (attachment) {
      const file = messages[Number(attachment[1]) - 1]?.attachments[Number(attachment[2])];
      if (!file) return void res.writeHead(404).end('Not found');
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
      });
      return void res.end(file.content);
    }
    if (path === '/messages.json') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      return void res.end(
        JSON.stringify(messages.map(({ raw: _raw, attachments, ...m }) => ({ ...m, attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length })) }))),
      );
    }
    if (path !== '/') return void res.writeHead(404).end('Not found');
    const rows = [...messages]
      .reverse()
      .map(
        (m) => `<tr><td>${escapeHtml(m.receivedAt.toISOString())}</td><td>${escapeHtml(m.to.join(', '))}</td><td><details><summary>${escapeHtml(m.subject)}</summary><pre>${escapeHtml(m.text)}</pre></details></td><td>${m.attachments
          .map((a, i) => `<a href="/messages/${m.id}/attachments/${i}">${escapeHtml(a.filename)}</a>`)
          .join('<br>')}</td></tr>`,
      )
      .join('');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>E-postsimulator</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}pre{white-space:pre-wrap}</style></head>
<body><h1>E-postsimulator / Mail sink</h1><p>SMTP: ${escapeHtml(`smtp://${host}:${smtpPort}`)} – ${messages.length} meddelanden. Ladda om sidan för att se nya.</p>
<table><thead><tr><th>Tid (UTC)</th><th>Till</th><th>Ämne</th><th>Bilagor</th></tr></thead><tbody>${rows || '<tr><td colspan="4">Inga meddelanden än.</td></tr>'}</tbody></table></body></html>`);
  });
  http.listen(options.httpPort ?? 0, host);
  await new Promise<void>((resolve, reject) => http.once('listening', resolve).once('error', reject));
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    url: `http://${host}:${httpPort}/`,
    messages,
    waitFor: (match, timeoutMs = 10_000) => {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = (mail: ReceivedMail) => {
          if (!match(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}
