import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../../identity/certificates.js';

const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/**
 * Metadata signed the way a federation operator publishes it: an ID and a validUntil on the
 * document element, and an enveloped RSA-SHA256 signature as its first child (where the metadata
 * schema puts ds:Signature).
 */
export function signMetadata(xml: string, signer: KeyPair, validUntil = new Date(Date.now() + 7 * 86_400_000)): string {
  const identified = xml
    .replace(/^<\?xml[^>]*\?>\s*/, '')
    .replace(/^<((?:[\w-]+:)?Entit(?:y|ies)Descriptor)\b/, `<$1 ID="_${randomBytes(16).toString('hex')}" validUntil="${validUntil.toISOString()}"`);
  const signature = new SignedXml({
    privateKey: signer.key,
    publicCert: signer.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
  });
  signature.addReference({
    xpath: '/*',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXCLUSIVE_C14N],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signature.computeSignature(identified, { prefix: 'ds', location: { reference: '/*', action: 'prepend' } });
  return signature.getSignedXml();
}
