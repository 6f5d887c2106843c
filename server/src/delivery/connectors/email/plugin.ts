import { Type } from '@sinclair/typebox';
import { bilingual, optionTexts } from '@etjanst/schemas';
import nodemailer from 'nodemailer';
import type { ConnectorContext, ConnectorPlugin } from '../../connector.js';
import { PermanentDeliveryError } from '../../connector.js';
import { submissionPdfName, submissionSummary } from '../../package.js';
import type { DeliverySettings } from '../../settings.js';

export const EmailOptions = Type.Object(
  {
    to: Type.String({
      format: 'email',
      ...optionTexts({ title: bilingual('Funktionsbrevlåda', 'Functional mailbox'), description: bilingual('T.ex. kontaktcenter@kommun.se', 'E.g. kontaktcenter@kommun.se') }),
    }),
    subjectPrefix: Type.Optional(
      Type.String({ maxLength: 100, ...optionTexts({ title: bilingual('Början av ämnesraden', 'Subject prefix'), description: bilingual('T.ex. [Felanmälan]', 'E.g. [Fault report]') }) }),
    ),
  },
  { additionalProperties: false },
);

/** An SMTP connection for one attempt (also the receipt e-mail's, receipts/mail.ts); close it afterwards. */
export function smtpTransport(settings: Pick<DeliverySettings, 'mail' | 'attemptTimeoutMs'>) {
  const mail = settings.mail;
  if (!mail) throw new PermanentDeliveryError('no SMTP server is configured (SMTP_URL)');
  return { mail, transporter: nodemailer.createTransport({ url: mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: settings.attemptTimeoutMs }) };
}

const transport = (context: ConnectorContext) => smtpTransport(context.settings);

/** Message-ID from the idempotency key: a mail system that keeps one copy per Message-ID keeps one per submission. */
export const messageId = (key: string) => `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@delivery.etjanst>`;

/** E-mail to a functional mailbox: the answers in the body, the submission's PDF and the attachments attached. */
export const emailConnector: ConnectorPlugin<typeof EmailOptions> = {
  type: 'email',
  title: bilingual('E-post till funktionsbrevlåda', 'E-mail to a functional mailbox'),
  optionsSchema: EmailOptions,
  // SMTP between mail systems is not protected end to end, and the answers and attachments are in the message
  strictlyConfidential: 'refused',
  async check(options, context) {
    const { mail, transporter } = transport(context);
    try {
      await transporter.sendMail({
        from: mail.from,
        to: options.to,
        subject: `${options.subjectPrefix ?? ''}Testleverans / test delivery: ${context.eserviceId}`.trim(),
        text: `Det här är en testleverans från e-tjänsten ${context.eserviceId} (mottagare ${context.connectorId}).\nThis is a test delivery from the e-service ${context.eserviceId} (connector ${context.connectorId}).`,
      });
    } finally {
      transporter.close();
    }
    return bilingual(`Testmejl skickat till ${options.to}`, `Test e-mail sent to ${options.to}`);
  },
  async deliver(delivery, options, context) {
    const { mail, transporter } = transport(context);
    const { content } = delivery;
    const files = await Promise.all(
      delivery.attachments.map(async (a) => ({ filename: a.originalName, content: await delivery.readAttachment(a.id), contentType: a.mediaType })),
    );
    const id = messageId(delivery.idempotencyKey);
    try {
      await transporter.sendMail({
        from: mail.from,
        to: options.to,
        messageId: id,
        subject: `${options.subjectPrefix ?? ''}${content.eserviceTitle} ${content.receiptNumber}`.trim(),
        text: submissionSummary(content),
        headers: { 'X-Idempotency-Key': delivery.idempotencyKey },
        attachments: [{ filename: submissionPdfName(content), content: await delivery.pdf(), contentType: 'application/pdf' }, ...files],
      });
    } finally {
      transporter.close();
    }
    return { externalReference: id };
  },
};
