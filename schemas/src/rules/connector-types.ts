import type { ConnectorTypeFacts, StrictlyConfidentialDelivery } from './types.js';

/**
 * `CheckOptions.connectorTypes` from what the connector plugins declare: the server passes its
 * plugins, the designer the list from GET /api/connector-types, so both judge alike.
 */
export const connectorTypeFacts = (types: readonly { type: string; strictlyConfidential: StrictlyConfidentialDelivery }[]): Record<string, ConnectorTypeFacts> =>
  Object.fromEntries(types.map(({ type, strictlyConfidential }) => [type, { strictlyConfidential }]));
