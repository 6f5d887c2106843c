import { randomBytes, randomUUID } from 'node:crypto';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { AuthRequest, CollectResponse, CompletionData, FailedHintCode, OrderResponse } from '../../identity/bankid/api.js';
import { parseBankIdQrData, verifyBankIdQrData } from '../../identity/bankid/qr.js';
import { fullName, type TestPerson } from './test-persons.js';

export interface SimulatedOrder extends OrderResponse {
  kind: 'auth' | 'sign';
  request: AuthRequest;
  startedAt: number;
  status: 'pending' | 'failed' | 'complete';
  hintCode: string;
  completionData?: CompletionData;
  endedAt?: number;
}

/** A refusal from the tester side, in both languages. */
export class TesterError extends Error {
  constructor(
    readonly status: number,
    readonly text: BilingualMessage,
  ) {
    super(text.en);
  }
}

export class AlreadyInProgress extends Error {}

/** How long BankID keeps ended orders collectable: complete 3 minutes, failed 5. */
const KEPT_MS = { complete: 3 * 60_000, failed: 5 * 60_000 } as const;
/** A QR code shown longer ago than this is stale: the app refuses it. */
const QR_MAX_AGE_MS = 30_000;

/** The simulator's orders and their life: outstandingTransaction → userSign (app opened) → complete or failed. */
export class OrderBook {
  private readonly orders = new Map<string, SimulatedOrder>();

  constructor(
    readonly persons: readonly TestPerson[],
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {}

  start(kind: SimulatedOrder['kind'], request: AuthRequest): OrderResponse {
    const personalNumber = request.requirement?.personalNumber;
    const running = personalNumber && this.pending().find((order) => order.request.requirement?.personalNumber === personalNumber);
    if (running) {
      // BankID stops both: the running order fails with `cancelled`, the new one is refused.
      this.end(running, 'failed', 'cancelled');
      throw new AlreadyInProgress();
    }
    const order: SimulatedOrder = {
      orderRef: randomUUID(),
      autoStartToken: randomUUID(),
      qrStartToken: randomUUID(),
      qrStartSecret: randomUUID(),
      kind,
      request,
      startedAt: this.now(),
      status: 'pending',
      hintCode: 'outstandingTransaction',
    };
    this.orders.set(order.orderRef, order);
    const { orderRef, autoStartToken, qrStartToken, qrStartSecret } = order;
    return { orderRef, autoStartToken, qrStartToken, qrStartSecret };
  }

  /** The collect answer, or undefined for an order BankID would not know (never started, cancelled, or forgotten). */
  collect(orderRef: string): CollectResponse | undefined {
    const order = this.find(orderRef);
    if (!order) return undefined;
    if (order.status === 'complete') return { orderRef, status: 'complete', completionData: order.completionData as CompletionData };
    return { orderRef, status: order.status, hintCode: order.hintCode };
  }

  /** Cancelling forgets a pending order, so collect then answers "No such order" as BankID does; false when nothing was pending. */
  cancel(orderRef: string): boolean {
    const order = this.find(orderRef);
    if (order?.status !== 'pending') return false;
    this.orders.delete(orderRef);
    return true;
  }

  pending(): SimulatedOrder[] {
    return [...this.orders.keys()].map((ref) => this.find(ref)).filter((order): order is SimulatedOrder => order?.status === 'pending');
  }

  /** The user scans the QR code: valid only with the order's secret and while fresh. */
  scan(qrData: string): SimulatedOrder {
    const parsed = parseBankIdQrData(qrData);
    const order = parsed && this.pending().find((candidate) => candidate.qrStartToken === parsed.qrStartToken);
    if (!parsed || !order) throw new TesterError(404, bilingual('QR-koden hör inte till någon pågående order.', 'The QR code belongs to no pending order.'));
    if (!verifyBankIdQrData(parsed, order.qrStartSecret)) {
      throw new TesterError(400, bilingual('QR-kodens kontrollkod stämmer inte.', 'The QR code’s check code does not match.'));
    }
    const age = this.now() - (order.startedAt + parsed.seconds * 1000);
    if (age > QR_MAX_AGE_MS || age < -2000) {
      throw new TesterError(400, bilingual('QR-koden är för gammal. Läs av den som visas nu.', 'The QR code is too old. Scan the one shown now.'));
    }
    return this.openApp(order);
  }

  /** The app is started on the same device with the autostart token. */
  autostart(autoStartToken: string): SimulatedOrder {
    const order = this.pending().find((candidate) => candidate.autoStartToken === autoStartToken);
    if (!order) throw new TesterError(404, bilingual('Ingen pågående order har den startkoden.', 'No pending order has that start token.'));
    return this.openApp(order);
  }

  approve(orderRef: string, personalNumber: string): SimulatedOrder {
    const order = this.pendingOrder(orderRef);
    const person = this.persons.find((candidate) => candidate.personalNumber === personalNumber);
    if (!person) throw new TesterError(400, bilingual(`Testpersonen ${personalNumber} finns inte.`, `There is no test person ${personalNumber}.`));
    const required = order.request.requirement?.personalNumber;
    if (required && required !== personalNumber) {
      throw new TesterError(409, bilingual(`Ordern får bara godkännas av ${required}.`, `Only ${required} may approve this order.`));
    }
    order.completionData = this.completionData(order, person);
    return this.end(order, 'complete', 'userSign');
  }

  fail(orderRef: string, hintCode: FailedHintCode): SimulatedOrder {
    return this.end(this.pendingOrder(orderRef), 'failed', hintCode);
  }

  private openApp(order: SimulatedOrder): SimulatedOrder {
    order.hintCode = 'userSign';
    return order;
  }

  private pendingOrder(orderRef: string): SimulatedOrder {
    const order = this.find(orderRef);
    if (order?.status !== 'pending') throw new TesterError(404, bilingual('Ordern finns inte eller har redan avslutats.', 'The order does not exist or has already ended.'));
    return order;
  }

  private end(order: SimulatedOrder, status: 'complete' | 'failed', hintCode: string): SimulatedOrder {
    Object.assign(order, { status, hintCode, endedAt: this.now() });
    return order;
  }

  /** Applies the passing of time: pending orders expire, ended ones are forgotten after a while. */
  private find(orderRef: string): SimulatedOrder | undefined {
    const order = this.orders.get(orderRef);
    if (!order) return undefined;
    const now = this.now();
    if (order.status === 'pending' && now - order.startedAt > this.timeoutMs) this.end(order, 'failed', 'expiredTransaction');
    if (order.status !== 'pending' && now - (order.endedAt ?? now) > KEPT_MS[order.status]) {
      this.orders.delete(orderRef);
      return undefined;
    }
    return order;
  }

  private completionData(order: SimulatedOrder, person: TestPerson): CompletionData {
    return {
      user: { personalNumber: person.personalNumber, name: fullName(person), givenName: person.givenName, surname: person.surname },
      device: { ipAddress: order.request.endUserIp, uhi: randomBytes(20).toString('base64url') },
      ...(order.request.requirement?.mrtd ? { stepUp: { mrtd: true } } : {}),
      bankIdIssueDate: new Date(this.now() - 400 * 86_400_000).toISOString().slice(0, 10),
      signature: Buffer.from(signatureXml(order, person)).toString('base64'),
      ocspResponse: randomBytes(64).toString('base64'),
    };
  }
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small document shaped like BankID's XML signature; the signature value is random, nothing can verify it. */
function signatureXml(order: SimulatedOrder, person: TestPerson): string {
  const { userVisibleData = '', userNonVisibleData = '' } = order.request;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">',
    '<SignedInfo><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/></SignedInfo>',
    `<SignatureValue>${randomBytes(256).toString('base64')}</SignatureValue>`,
    `<KeyInfo><X509Data><X509SubjectName>serialNumber=${person.personalNumber}, name=${escapeXml(fullName(person))}</X509SubjectName></X509Data></KeyInfo>`,
    '<Object><bankIdSignedData xmlns="http://www.bankid.com/signature/v1.0.0/types" Id="bidSignedData">',
    `<usrVisibleData charset="UTF-8" visible="wysiwys">${userVisibleData}</usrVisibleData>`,
    `<usrNonVisibleData>${userNonVisibleData}</usrNonVisibleData>`,
    `<srvInfo><name>BankID-simulator</name><nonce>${randomBytes(20).toString('base64')}</nonce></srvInfo>`,
    `<clientInfo><funcId>${order.kind === 'sign' ? 'Signing' : 'Identification'}</funcId><orderRef>${order.orderRef}</orderRef></clientInfo>`,
    '</bankIdSignedData></Object></Signature>',
  ].join('');
}
