import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

/** A PEM certificate with its private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface CertificateRequest {
  commonName: string;
  /** The subject's serialNumber attribute: a person's personnummer in an e-ID certificate. */
  serialNumber?: string;
  /** DNS names and IP addresses for a TLS server certificate. */
  altNames?: string[];
  /** ocsp-responder: signs OCSP responses on behalf of its issuer (id-kp-OCSPSigning) */
  usage: 'server' | 'client' | 'signing' | 'ca' | 'ocsp-responder';
  days?: number;
}

/**
 * Issues an X.509 certificate (RSA 2048, SHA-256), self-signed or signed by `issuer`. Used for
 * the simulators' TLS, the BankID relying-party client certificate, the simulated BankID users'
 * and OCSP responder's certificates and SAML keys in demo and tests; production uses
 * certificates from the real issuers.
 */
export function issueCertificate(request: CertificateRequest, issuer?: KeyPair): KeyPair {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + (request.days ?? 825) * 86_400_000);
  const subject = [
    { name: 'commonName', value: request.commonName },
    ...(request.serialNumber ? [{ name: 'serialNumber', value: request.serialNumber }] : []),
    { name: 'organizationName', value: 'E-tjänstplattformen (test)' },
  ];
  cert.setSubject(subject);
  const issuerCert = issuer ? forge.pki.certificateFromPem(issuer.cert) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: request.usage === 'ca' }];
  if (request.usage === 'ca') extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true });
  else extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
  if (request.usage === 'server') extensions.push({ name: 'extKeyUsage', serverAuth: true });
  if (request.usage === 'client') extensions.push({ name: 'extKeyUsage', clientAuth: true });
  // id-kp-OCSPSigning, which forge knows only by its OID
  if (request.usage === 'ocsp-responder') extensions.push({ name: 'extKeyUsage', '1.3.6.1.5.5.7.3.9': true });
  if (request.altNames?.length) {
    extensions.push({
      name: 'subjectAltName',
      altNames: request.altNames.map((name) => (/^[\d.]+$|:/.test(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    });
  }
  cert.setExtensions(extensions);
  const signingKey = issuer ? forge.pki.privateKeyFromPem(issuer.key) : keys.privateKey;
  cert.sign(signingKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/**
 * Loads a key pair from `folder/<name>.{crt,key}`, creating it on first use, so a demo keeps
 * its keys (and the IdP/SP trust between them) across restarts.
 */
export async function persistentKeyPair(folder: string, name: string, create: () => KeyPair): Promise<KeyPair> {
  const certPath = path.join(folder, `${name}.crt`);
  const keyPath = path.join(folder, `${name}.key`);
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  }
  const pair = create();
  await mkdir(folder, { recursive: true });
  await writeFile(keyPath, pair.key, { mode: 0o600 });
  await writeFile(certPath, pair.cert);
  return pair;
}

/** The base64 body of a PEM certificate, as SAML metadata and passport-saml's idpCert want it. */
export const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
