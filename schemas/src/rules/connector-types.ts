/**
 * Whether a connector type may carry the cases of an e-service classified strictly confidential
 * (SK-GDPR-003), as its plugin declares it: decided by how well its channel protects what it
 * sends (e-mail: refused), except that a type that sends no answers at all may be allowed.
 */
export const STRICTLY_CONFIDENTIAL_DELIVERY = ['allowed', 'refused'] as const;
export type StrictlyConfidentialDelivery = (typeof STRICTLY_CONFIDENTIAL_DELIVERY)[number];

/** What the platform knows of a connector type that the definition does not say (from its plugin). */
export interface ConnectorTypeFacts {
  strictlyConfidential: StrictlyConfidentialDelivery;
}

/**
 * `CheckOptions.connectorTypes` from what the connector plugins declare: the server passes its
 * plugins, the designer the list from GET /api/connector-types, so both judge alike.
 */
export const connectorTypeFacts = (types: readonly { type: string; strictlyConfidential: StrictlyConfidentialDelivery }[]): Record<string, ConnectorTypeFacts> =>
  Object.fromEntries(types.map(({ type, strictlyConfidential }) => [type, { strictlyConfidential }]));
