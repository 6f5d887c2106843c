import { Type } from '@sinclair/typebox';
import { bilingual, optionTexts } from '@etjanst/schemas';
import type { ConnectorPlugin } from '../delivery/connector.js';
import type { ImportEntry } from '../extensions/loader.js';

/**
 * A municipality's own connector for tests of SK-GDPR-003: it would send the answers as a text
 * message, an open channel, so it declares that it may not carry strictly confidential cases.
 * Only publishing and the checks meet it; no test submits to it.
 */
export const smsConnector: ConnectorPlugin = {
  type: 'sms',
  title: bilingual('SMS till jourtelefon', 'Text message to the on-call phone'),
  optionsSchema: Type.Object(
    { to: Type.String({ pattern: '^\\+46\\d{6,12}$', ...optionTexts({ title: bilingual('Telefonnummer', 'Phone number'), description: bilingual('T.ex. +46701234567', 'E.g. +46701234567') }) }) },
    { additionalProperties: false },
  ),
  strictlyConfidential: 'refused',
  check: async (_options, context) => bilingual(`Test-SMS skickat till ${context.connectorId}`, `Test text message sent to ${context.connectorId}`),
  deliver: async () => {
    throw new Error('the SMS test connector delivers nothing');
  },
};

/** The package `@kommun/sms` for `loadExtensions(['@kommun/sms'], smsPackage)`, as the loader would import it. */
export const SMS_PACKAGE = '@kommun/sms';
export const smsPackage: ImportEntry = async (specifier) =>
  ({ [SMS_PACKAGE]: { extension: { id: 'sms' } }, [`${SMS_PACKAGE}/server`]: { serverExtension: { connectors: [smsConnector] } } })[specifier];
