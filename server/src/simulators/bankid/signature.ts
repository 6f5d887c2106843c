import { createHash, createSign, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { issueCertificate, pemBody, type KeyPair } from '../../identity/certificates.js';
import { fullName, type TestPerson } from './test-persons.js';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const BANKID_TYPES = 'http://www.bankid.com/signature/v1.0.0/types';

/** What the signed data says about the order: what was shown and signed, and where. */
export interface SignedOrder {
  orderRef: string;
  kind: 'auth' | 'sign' | 'phone-auth' | 'phone-sign';
  userVisibleData?: string | undefined;
  userNonVisibleData?: string | undefined;
  endUserIp?: string | undefined;
  uhi: string;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * The simulator's BankID PKI: a certificate per test person (serialNumber = personnummer) from
 * the simulator's CA, and an OCSP responder of that CA. With it every completed order carries
 * what BankID's does: an XML signature a verifier can check against the certificate in its
 * KeyInfo, and a DER OCSP response saying that certificate is good.
 */
export class SimulatedBankIdPki {
  private readonly userKeys = new Map<string, KeyPair>();
  private readonly responder: KeyPair;

  constructor(private readonly ca: KeyPair) {
    this.responder = issueCertificate({ commonName: 'BankID-simulator OCSP', usage: 'ocsp-responder' }, ca);
  }

  /** The person's BankID certificate, issued on first use. */
  userCertificate(person: TestPerson): KeyPair {
    let keys = this.userKeys.get(person.personalNumber);
    if (!keys) {
      keys = issueCertificate({ commonName: fullName(person), serialNumber: person.personalNumber, usage: 'signing', days: 730 }, this.ca);
      this.userKeys.set(person.personalNumber, keys);
    }
    return keys;
  }

  /**
   * The XML signature document as BankID returns it, base64: ds:Signature whose SignedInfo
   * (canonical XML 1.0, RSA-SHA256) references the bankIdSignedData object and the KeyInfo holding
   * the user's certificate and its issuer. Elements are written in canonical form, so the digests
   * are over exactly these bytes.
   */
  signature(order: SignedOrder, person: TestPerson): { signature: string; signatureValue: Buffer } {
    const user = this.userCertificate(person);
    const funcId = order.kind === 'sign' || order.kind === 'phone-sign' ? 'Signing' : 'Identification';
    const signedData =
      `<bankIdSignedData xmlns="${BANKID_TYPES}" Id="bidSignedData">` +
      (order.userVisibleData ? `<usrVisibleData charset="UTF-8" visible="wysiwys">${escapeText(order.userVisibleData)}</usrVisibleData>` : '') +
      (order.userNonVisibleData ? `<usrNonVisibleData>${escapeText(order.userNonVisibleData)}</usrNonVisibleData>` : '') +
      `<srvInfo><name>${base64('cn=E-tjänstplattformen RP (test)')}</name><nonce>${randomBytes(20).toString('base64')}</nonce><displayName>${base64('E-tjänstplattformen')}</displayName></srvInfo>` +
      `<clientInfo><funcId>${funcId}</funcId><version>${base64('BankID-simulator 1.0')}</version>` +
      (order.endUserIp ? `<host><hostIpAddress>${escapeText(order.endUserIp)}</hostIpAddress></host>` : '') +
      `<env><ai><type>${base64('SIMULATOR')}</type><uhi>${escapeText(order.uhi)}</uhi><fsib>0</fsib><utb>cs1</utb><uauth>pw</uauth></ai></env></clientInfo>` +
      `</bankIdSignedData>`;
    const keyInfo = `<KeyInfo xmlns="${DSIG}" Id="bidKeyInfo"><X509Data>${[user.cert, this.ca.cert].map((pem) => `<X509Certificate>${pemBody(pem)}</X509Certificate>`).join('')}</X509Data></KeyInfo>`;
    const reference = (uri: string, digest: string, type?: string) =>
      `<Reference${type ? ` Type="${type}"` : ''} URI="${uri}"><Transforms><Transform Algorithm="${C14N}"></Transform></Transforms><DigestMethod Algorithm="${SHA256}"></DigestMethod><DigestValue>${digest}</DigestValue></Reference>`;
    const signedInfo =
      `<SignedInfo xmlns="${DSIG}"><CanonicalizationMethod Algorithm="${C14N}"></CanonicalizationMethod><SignatureMethod Algorithm="${RSA_SHA256}"></SignatureMethod>` +
      reference('#bidSignedData', sha256(signedData), BANKID_TYPES) +
      reference('#bidKeyInfo', sha256(keyInfo)) +
      `</SignedInfo>`;
    const signatureValue = createSign('RSA-SHA256').update(signedInfo, 'utf8').sign(user.key);
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="no"?><Signature xmlns="${DSIG}">${signedInfo}<SignatureValue>${signatureValue.toString('base64')}</SignatureValue>${keyInfo}<Object>${signedData}</Object></Signature>`;
    return { signature: base64(xml), signatureValue };
  }

  /**
   * A successful OCSP response (RFC 6960) for the user's certificate, base64 of DER: status good,
   * signed by the CA's OCSP responder (its certificate included), with a nonce binding it to
   * this signature (SHA-256 of the signature value).
   */
  ocspResponse(person: TestPerson, signatureValue: Buffer, now = new Date()): string {
    const { asn1 } = forge;
    const { UNIVERSAL, CONTEXT_SPECIFIC } = asn1.Class;
    const T = asn1.Type;
    const node = (type: number, value: string | forge.asn1.Asn1[], constructed = Array.isArray(value)) => asn1.create(UNIVERSAL, type, constructed, value);
    const sequence = (...items: forge.asn1.Asn1[]) => node(T.SEQUENCE, items);
    const oid = (id: string) => node(T.OID, asn1.oidToDer(id).getBytes());
    const octets = (bytes: string) => node(T.OCTETSTRING, bytes);
    const time = (date: Date) => node(T.GENERALIZEDTIME, asn1.dateToGeneralizedTime(date));
    const explicit = (tag: number, inner: forge.asn1.Asn1) => asn1.create(CONTEXT_SPECIFIC, tag, true, [inner]);
    const der = (value: forge.asn1.Asn1) => asn1.toDer(value).getBytes();
    const sha1 = (bytes: string) => forge.md.sha1.create().update(bytes).digest().getBytes();
    const keyHash = (certificate: forge.pki.Certificate) => sha1(der(forge.pki.publicKeyToRSAPublicKey(certificate.publicKey as forge.pki.rsa.PublicKey)));

    const user = forge.pki.certificateFromPem(this.userCertificate(person).cert);
    const issuer = forge.pki.certificateFromPem(this.ca.cert);
    const responder = forge.pki.certificateFromPem(this.responder.cert);
    const serial = forge.util.hexToBytes(user.serialNumber);
    const certId = sequence(
      sequence(oid(forge.pki.oids.sha1!), node(T.NULL, '')),
      octets(sha1(der(forge.pki.distinguishedNameToAsn1(issuer.subject)))),
      octets(keyHash(issuer)),
      node(T.INTEGER, serial.charCodeAt(0) & 0x80 ? `\x00${serial}` : serial),
    );
    const good = asn1.create(CONTEXT_SPECIFIC, 0, false, '');
    const nonce = createHash('sha256').update(signatureValue).digest().toString('binary');
    const responseData = sequence(
      explicit(2, octets(keyHash(responder))),
      time(now),
      sequence(sequence(certId, good, time(now))),
      explicit(1, sequence(sequence(oid('1.3.6.1.5.5.7.48.1.2'), octets(der(octets(nonce)))))),
    );
    const signature = createSign('RSA-SHA256').update(Buffer.from(der(responseData), 'binary')).sign(this.responder.key).toString('binary');
    const basic = sequence(
      responseData,
      sequence(oid(forge.pki.oids.sha256WithRSAEncryption!), node(T.NULL, '')),
      node(T.BITSTRING, `\x00${signature}`),
      explicit(0, sequence(forge.pki.certificateToAsn1(responder))),
    );
    const response = sequence(node(T.ENUMERATED, '\x00'), explicit(0, sequence(oid('1.3.6.1.5.5.7.48.1.1'), octets(der(basic)))));
    return Buffer.from(der(response), 'binary').toString('base64');
  }
}
