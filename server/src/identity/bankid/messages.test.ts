import { describe, expect, it } from 'vitest';
import { BankIdError } from './client.js';
import { messageForError, messageForStatus, RFA } from './messages.js';

describe('BankID user messages', () => {
  it('maps pending hint codes as BankID prescribes', () => {
    const pending = (hintCode: string, qr = true, extra = {}) => messageForStatus({ status: 'pending', hintCode, qr, ...extra });
    expect(pending('outstandingTransaction')).toBe(RFA.RFA1);
    expect(pending('outstandingTransaction', false)).toBe(RFA.RFA13);
    expect(pending('noClient', false)).toBe(RFA.RFA1);
    expect(pending('started')).toBe(RFA.RFA15A);
    expect(pending('started', false, { device: 'mobile' })).toBe(RFA.RFA15B);
    expect(pending('started', false, { personalNumberGiven: true })).toBe(RFA.RFA14A);
    expect(pending('started', false, { personalNumberGiven: true, device: 'mobile' })).toBe(RFA.RFA14B);
    expect(pending('userMrtd')).toBe(RFA.RFA23);
    expect(pending('userSign')).toBe(RFA.RFA9);
    expect(pending('userCallConfirm')).toBe(RFA.RFA21);
    expect(pending('somethingNew')).toBe(RFA.RFA21);
  });

  it('maps failed hint codes, startFailed by how the app was to be started', () => {
    const failed = (hintCode: string, qr = true) => messageForStatus({ status: 'failed', hintCode, qr });
    expect(failed('expiredTransaction')).toBe(RFA.RFA8);
    expect(failed('certificateErr')).toBe(RFA.RFA16);
    expect(failed('userCancel')).toBe(RFA.RFA6);
    expect(failed('userDeclinedCall')).toBe(RFA.RFA6);
    expect(failed('cancelled')).toBe(RFA.RFA3);
    expect(failed('startFailed')).toBe(RFA.RFA17B);
    expect(failed('startFailed', false)).toBe(RFA.RFA17A);
    expect(failed('notSupportedByUserApp')).toBe(RFA.RFA22);
    expect(failed('unknown')).toBe(RFA.RFA22);
    expect(RFA.RFA8.sv).toMatch(/^BankID-appen svarar inte/);
    expect(RFA.RFA8.en).toMatch(/^The BankID app is not responding/);
  });

  it('maps call errors: RFA4 for an order in progress, RFA5 for a BankID that cannot answer, RFA22 otherwise', () => {
    expect(messageForError(new BankIdError('alreadyInProgress', ''))).toBe(RFA.RFA4);
    for (const code of ['maintenance', 'internalError', 'requestTimeout', 'connectionFailed'] as const) expect(messageForError(new BankIdError(code, ''))).toBe(RFA.RFA5);
    expect(messageForError(new BankIdError('unauthorized', ''))).toBe(RFA.RFA22);
  });
});
