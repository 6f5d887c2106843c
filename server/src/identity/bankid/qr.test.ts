import { describe, expect, it } from 'vitest';
import { bankIdQrData, parseBankIdQrData, verifyBankIdQrData } from './qr.js';

// The example in BankID's QR code guide.
const qrStartToken = '67df3917-fa0d-44e5-b327-edcc928297f8';
const qrStartSecret = 'd28db9a7-4cde-429e-a983-359be676944c';

describe('BankID QR data', () => {
  it('matches the documented known answers', () => {
    expect(bankIdQrData(qrStartToken, qrStartSecret, 0)).toBe(`bankid.${qrStartToken}.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8`);
    expect(bankIdQrData(qrStartToken, qrStartSecret, 1.7)).toBe(`bankid.${qrStartToken}.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2`);
    expect(bankIdQrData(qrStartToken, qrStartSecret, 2)).toBe(`bankid.${qrStartToken}.2.a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3`);
  });

  it('parses and verifies its own data, and refuses another secret or a changed second', () => {
    const parsed = parseBankIdQrData(bankIdQrData(qrStartToken, qrStartSecret, 7));
    expect(parsed).toMatchObject({ qrStartToken, seconds: 7 });
    expect(verifyBankIdQrData(parsed!, qrStartSecret)).toBe(true);
    expect(verifyBankIdQrData(parsed!, 'another-secret')).toBe(false);
    expect(verifyBankIdQrData({ ...parsed!, seconds: 8 }, qrStartSecret)).toBe(false);
    expect(parseBankIdQrData('bankid.x.1.short')).toBeUndefined();
    expect(parseBankIdQrData('https://example.org')).toBeUndefined();
  });
});
