import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailboxSimulator, type MailboxSimulator } from './simulator.js';

describe('mailbox simulator', () => {
  let mailbox: MailboxSimulator;
  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
  });
  afterAll(async () => mailbox?.close());

  it('receives e-mail over SMTP, parses it and lists it with downloadable attachments', async () => {
    const transport = nodemailer.createTransport({ url: mailbox.smtpUrl, ignoreTLS: true });
    await transport.sendMail({
      from: 'Solbacka kommun <noreply@solbacka.example.se>',
      to: 'åsa@example.se',
      subject: 'Hälsning från Solbacka',
      text: 'Hej Åsa!',
      attachments: [{ filename: 'bilaga.txt', content: 'innehåll' }],
    });
    transport.close();
    const mail = await mailbox.waitFor((m) => m.subject === 'Hälsning från Solbacka');
    expect(mail.to).toEqual(['åsa@example.se']);
    expect(mail.text.trim()).toBe('Hej Åsa!');
    expect(mail.attachments[0]?.content.toString()).toBe('innehåll');

    const page = await fetch(mailbox.url);
    expect(await page.text()).toContain('Hälsning från Solbacka');
    const list = (await (await fetch(`${mailbox.url}messages.json`)).json()) as { subject: string }[];
    expect(list.map((m) => m.subject)).toContain('Hälsning från Solbacka');
    const file = await fetch(`${mailbox.url}messages/${mail.id}/attachments/0`);
    expect(await file.text()).toBe('innehåll');
    expect((await fetch(`${mailbox.url}messages/99/attachments/0`)).status).toBe(404);
  });
});
