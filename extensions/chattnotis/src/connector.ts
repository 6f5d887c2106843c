import { Type, type Static } from '@sinclair/typebox';
import { bilingual, optionTexts } from '@etjanst/schemas';
import { fetchTarget, requireSuccess, type ConnectorContext, type ConnectorPlugin } from '@etjanst/server/extension';
import { CONNECTOR_TYPE } from './index.js';

export const ChatNoticeOptions = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      pattern: '^https?://',
      ...optionTexts({
        title: bilingual('Webbhookens adress (URL)', 'Webhook URL'),
        description: bilingual(
          'Chattens inkommande webbhook (Teams, Mattermost, Slack). Adressen fungerar som en nyckel: dela den bara med dem som får posta.',
          "The chat's incoming webhook (Teams, Mattermost, Slack). The address works as a key: share it only with those who may post.",
        ),
      }),
    }),
    channel: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]*$',
        maxLength: 64,
        ...optionTexts({
          title: bilingual('Kanal', 'Channel'),
          description: bilingual(
            'Valfri: kanalens namn, t.ex. bygglov-inkommande, när webbhooken får posta i andra kanaler än sin egen (Mattermost, Slack).',
            "Optional: the channel's name, e.g. bygglov-inkommande, when the webhook may post to other channels than its own (Mattermost, Slack).",
          ),
        }),
      }),
    ),
  },
  { additionalProperties: false },
);
export type ChatNoticeOptions = Static<typeof ChatNoticeOptions>;

/** What a chat's incoming webhook takes: `text`, and `channel` where it may choose one. */
export interface ChatNotice {
  text: string;
  channel?: string;
}

/**
 * The notice for one submission. It is built from the e-service's Swedish title and the receipt
 * number alone, so nothing the citizen wrote or who they are (answers, name, personal identity
 * number, attachments) can reach the chat; staff look the case up by its number.
 */
export function chatNotice(submission: { eserviceTitle: string; receiptNumber: string }, options: ChatNoticeOptions): ChatNotice {
  return { text: `Nytt ärende i ${submission.eserviceTitle}: ${submission.receiptNumber}`, ...(options.channel ? { channel: options.channel } : {}) };
}

/** Posts a notice; a refusal (4xx) is permanent. Only the origin is named in errors: a chat webhook's path is its key. */
async function post(options: ChatNoticeOptions, notice: ChatNotice, context: ConnectorContext): Promise<Response> {
  const origin = new URL(options.url).origin;
  const response = await fetchTarget(context, options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notice) });
  await requireSuccess(response, origin, context);
  return response;
}

/** Chattnotis: a short notice in the department's chat channel that a case has come in. */
export const chatNoticeConnector: ConnectorPlugin<typeof ChatNoticeOptions> = {
  type: CONNECTOR_TYPE,
  title: bilingual('Chattnotis (Teams, Mattermost, Slack)', 'Chat notice (Teams, Mattermost, Slack)'),
  optionsSchema: ChatNoticeOptions,
  // a chat is no protected channel, but only the title and the receipt number go there, never answers
  strictlyConfidential: 'allowed',
  async check(options, context) {
    const text = `Testnotis från e-tjänstplattformen: mottagaren ”${context.connectorId}” i e-tjänsten ”${context.eserviceId}” fungerar.`;
    const response = await post(options, { text, ...(options.channel ? { channel: options.channel } : {}) }, context);
    const origin = new URL(options.url).origin;
    return bilingual(`${origin} svarade ${response.status} på en testnotis`, `${origin} answered ${response.status} to a test notice`);
  },
  async deliver(delivery, options, context) {
    const submission = { eserviceTitle: delivery.source.definition.catalogue.title.sv, receiptNumber: delivery.content.receiptNumber };
    await post(options, chatNotice(submission, options), context);
    // a chat gives no reference to a posted message
    return {};
  },
};
