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

/**
 * Why a connector may not carry a strictly confidential e-service's cases, or undefined when it
 * may. With the connector types' facts, each type's plugin decides and a type no plugin declares
 * is not trusted; without them (an older caller) the catalogue knows only that e-mail may not, so
 * nothing passes that passed no check before.
 */
export function strictlyConfidentialRefusal(type: string, types: Record<string, ConnectorTypeFacts> | undefined): 'refused' | 'unknown' | undefined {
  if (!types) return type === 'email' ? 'refused' : undefined;
  if (!Object.hasOwn(types, type)) return 'unknown';
  return types[type]!.strictlyConfidential === 'allowed' ? undefined : 'refused';
}
