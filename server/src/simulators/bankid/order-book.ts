import { randomBytes, randomUUID } from 'node:crypto';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { AuthRequest, CollectResponse, CompletionData, FailedHintCode, OrderResponse, PhoneAuthRequest, RiskLevel } from '../../identity/bankid/api.js';
import { parseBankIdQrData, verifyBankIdQrData } from '../../identity/bankid/qr.js';
import type { SimulatedBankIdPki } from './signature.js';
import { fullName, type TestPerson } from './test-persons.js';

/** An order as the simulator keeps it; a phone order has no QR code or autostart token (empty strings). */
export interface SimulatedOrder extends OrderResponse {
  kind: 'auth' | 'sign' | 'phone-auth' | 'phone-sign';
  /** What the RP sent; a phone order's person is its personalNumber, not a requirement */
  request: AuthRequest | PhoneAuthRequest;
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
    private readonly pki: SimulatedBankIdPki,
  ) {}

  start(kind: SimulatedOrder['kind'], request: AuthRequest | PhoneAuthRequest): OrderResponse {
    const personalNumber = requiredPerson(request);
    const running = personalNumber && this.pending().find((order) => requiredPerson(order.request) === personalNumber);
    if (running) {
      // BankID stops both: the running order fails with `cancelled`, the new one is refused.
      this.end(running, 'failed', 'cancelled');
      throw new AlreadyInProgress();
    }
    const phone = kind === 'phone-auth' || kind === 'phone-sign';
    const order: SimulatedOrder = {
      orderRef: randomUUID(),
      autoStartToken: phone ? '' : randomUUID(),
      qrStartToken: phone ? '' : randomUUID(),
      qrStartSecret: phone ? '' : randomUUID(),
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
    const order = parsed && this.pending().find((candidate) => candidate.qrStartToken && candidate.qrStartToken === parsed.qrStartToken);
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
    const order = this.pending().find((candidate) => candidate.autoStartToken && candidate.autoStartToken === autoStartToken);
    if (!order) throw new TesterError(404, bilingual('Ingen pågående order har den startkoden.', 'No pending order has that start token.'));
    return this.openApp(order);
  }

  /** The person approves in the app; `risk` is BankID's assessment, returned when the order asked for it. */
  approve(orderRef: string, personalNumber: string, risk: RiskLevel = 'low'): SimulatedOrder {
    const order = this.pendingOrder(orderRef);
    const person = this.persons.find((candidate) => candidate.personalNumber === personalNumber);
    if (!person) throw new TesterError(400, bilingual(`Testpersonen ${personalNumber} finns inte.`, `There is no test person ${personalNumber}.`));
    const required = requiredPerson(order.request);
    if (required && required !== personalNumber) {
      throw new TesterError(409, bilingual(`Ordern får bara godkännas av ${required}.`, `Only ${required} may approve this order.`));
    }
    order.completionData = this.completionData(order, person, risk);
    return this.end(order, 'complete', 'userSign');
  }

  /** The person on the phone opens the app and confirms that they are in the call (phone orders). */
  confirmCall(orderRef: string): SimulatedOrder {
    const order = this.pendingOrder(orderRef);
    if (!order.kind.startsWith('phone-')) throw new TesterError(409, bilingual('Bara telefonordrar bekräftar samtalet.', 'Only phone orders confirm the call.'));
    order.hintCode = 'userCallConfirm';
    return order;
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

  private completionData(order: SimulatedOrder, person: TestPerson, risk: RiskLevel): CompletionData {
    const { request } = order;
    const endUserIp = 'endUserIp' in request ? request.endUserIp : undefined;
    const uhi = randomBytes(20).toString('base64url');
    const { signature, signatureValue } = this.pki.signature(
      { orderRef: order.orderRef, kind: order.kind, userVisibleData: request.userVisibleData, userNonVisibleData: request.userNonVisibleData, endUserIp, uhi },
      person,
    );
    return {
      user: { personalNumber: person.personalNumber, name: fullName(person), givenName: person.givenName, surname: person.surname },
      device: { ...(endUserIp ? { ipAddress: endUserIp } : {}), uhi },
      ...(request.requirement?.mrtd ? { stepUp: { mrtd: true } } : {}),
      bankIdIssueDate: new Date(this.now() - 400 * 86_400_000).toISOString().slice(0, 10),
      signature,
      ocspResponse: this.pki.ocspResponse(person, signatureValue, new Date(this.now())),
      ...('returnRisk' in request && request.returnRisk ? { risk } : {}),
    };
  }
}

/** Who alone may complete the order: a phone order's person, or an order's requirement. */
export const requiredPerson = (request: AuthRequest | PhoneAuthRequest): string | undefined => ('personalNumber' in request ? request.personalNumber : request.requirement?.personalNumber);
