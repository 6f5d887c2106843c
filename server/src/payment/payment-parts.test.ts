import { describe, expect, it } from 'vitest';
import { PaymentProviderError } from './provider.js';
import { payerAlias, swishMessage } from './service.js';
import { readState } from './swish-client.js';

const ID = '0123456789ABCDEF0123456789ABCDEF';

describe('payment: the pure parts', () => {
  it('reads a Swedish mobile number as Swish wants it, and refuses anything else', () => {
    expect(payerAlias('070-123 45 67')).toBe('46701234567');
    expect(payerAlias('+46 70 123 45 67')).toBe('46701234567');
    expect(payerAlias('08-123 456 78')).toBeUndefined();
    expect(payerAlias('0701234')).toBeUndefined();
  });

  it('writes a message Swish accepts: its characters only, at most 50', () => {
    expect(swishMessage('Avgift för borgerlig vigsel SOL-2026-000042')).toBe('Avgift för borgerlig vigsel SOL-2026-000042');
    expect(swishMessage('Fee <script>&{x}')).toBe('Fee script x');
    expect(swishMessage('x'.repeat(80))).toHaveLength(50);
  });

  it('reads the provider\'s payment request: a known status of the request asked about, nothing else', () => {
    expect(readState(JSON.stringify({ id: ID, status: 'PAID', amount: '600.00', paymentReference: 'ABC', datePaid: '2026-01-01T10:00:00Z', extra: 'x' }), ID)).toEqual({
      instructionId: ID,
      status: 'PAID',
      amount: '600.00',
      paymentReference: 'ABC',
      datePaid: '2026-01-01T10:00:00Z',
      errorCode: undefined,
    });
    expect(() => readState(JSON.stringify({ id: ID, status: 'REFUNDED' }), ID)).toThrow(PaymentProviderError);
    expect(() => readState(JSON.stringify({ id: 'OTHER', status: 'PAID' }), ID)).toThrow(/another request/);
    expect(() => readState('<html>', ID)).toThrow(PaymentProviderError);
  });
});
