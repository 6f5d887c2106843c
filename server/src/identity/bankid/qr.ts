import { createHmac, timingSafeEqual } from 'node:crypto';

const qrAuthCode = (qrStartSecret: string, seconds: number) => createHmac('sha256', qrStartSecret).update(String(seconds)).digest('hex');

/**
 * The content of BankID's animated QR code for the given second of the order:
 * `bankid.<qrStartToken>.<seconds>.<HMAC-SHA256(qrStartSecret, seconds) in hex>`. A new code each
 * second means a photo of the screen is useless to someone elsewhere a little later.
 */
export function bankIdQrData(qrStartToken: string, qrStartSecret: string, secondsSinceStart: number): string {
  const seconds = Math.max(0, Math.floor(secondsSinceStart));
  return `bankid.${qrStartToken}.${seconds}.${qrAuthCode(qrStartSecret, seconds)}`;
}

export interface ParsedQrData {
  qrStartToken: string;
  seconds: number;
  authCode: string;
}

/** Splits QR content into its parts, or undefined when it is not BankID QR data. */
export function parseBankIdQrData(qrData: string): ParsedQrData | undefined {
  const match = /^bankid\.([^.]+)\.(\d{1,9})\.([0-9a-f]{64})$/.exec(qrData);
  if (!match) return undefined;
  const [, qrStartToken, seconds, authCode] = match as unknown as [string, string, string, string];
  return { qrStartToken, seconds: Number(seconds), authCode };
}

/** True when the QR data's code was made with this secret for its second (the app's check). */
export function verifyBankIdQrData(qrData: ParsedQrData, qrStartSecret: string): boolean {
  const expected = Buffer.from(qrAuthCode(qrStartSecret, qrData.seconds), 'hex');
  return timingSafeEqual(expected, Buffer.from(qrData.authCode, 'hex'));
}
