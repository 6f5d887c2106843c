import samlify from 'samlify';

/**
 * samlify refuses to parse without a schema validator. The simulator only reads messages from
 * our own SP and verifies their signatures before acting on them, so a well-formedness guard
 * (no DTD, so no entity expansion) is enough here; the platform's SP side uses node-saml.
 */
samlify.setSchemaValidator({
  validate: async (xml: string) => {
    if (/<!DOCTYPE/i.test(xml)) throw new Error('DTD not allowed in SAML messages');
    return 'ok';
  },
});

export { samlify };
export type { IdentityProviderInstance, ServiceProviderInstance } from 'samlify';
