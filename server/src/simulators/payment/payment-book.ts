import type { PaymentStatus } from '../../db/tables.js';

/** A payment request as the simulator keeps it: Swish's payment request object. */
export interface SimulatedPaymentRequest {
  id: string;
  payeePaymentReference: string | null;
  paymentReference: string | null;
  callbackUrl: string;
  payerAlias: string | null;
  payeeAlias: string;
  amount: string;
  currency: 'SEK';
  message: string | null;
  status: PaymentStatus;
  dateCreated: string;
  datePaid: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** How the outcome's callback travels: once (as Swish), never (lost on the way: polling must find it), or twice. */
export type CallbackDelivery = 'once' | 'lost' | 'twice';

export class SimulatorRefusal extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMessage: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
  }
}

const INSTRUCTION_ID = /^[0-9A-F]{32}$/;
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;
const PAYER_ALIAS = /^\d{8,15}$/;
const PAYEE_ALIAS = /^\d{10}$/;
const REFERENCE = /^[0-9A-Za-z]{1,35}$/;

/** Swish's checks of a payment request, with its error codes (RP01 missing payee alias, RP02 message, PA02 amount ...). */
function checkedRequest(id: string, body: Record<string, unknown>, now: Date): SimulatedPaymentRequest {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  if (!INSTRUCTION_ID.test(id)) throw new SimulatorRefusal(422, 'RP09', 'The instructionUUID must be 32 upper-case hexadecimal characters');
  const callbackUrl = text('callbackUrl');
  if (!callbackUrl || !/^https?:\/\//.test(callbackUrl)) throw new SimulatorRefusal(422, 'RP03', 'Callback URL is missing or does not use HTTPS');
  const payeeAlias = text('payeeAlias');
  if (!payeeAlias || !PAYEE_ALIAS.test(payeeAlias)) throw new SimulatorRefusal(422, 'RP01', 'Missing Merchant Swish Number');
  const amount = text('amount');
  if (!amount || !AMOUNT.test(amount) || Number(amount) < 1) throw new SimulatorRefusal(422, 'PA02', 'Amount value is missing or not a valid number');
  if (body.currency !== 'SEK') throw new SimulatorRefusal(422, 'AM03', 'Invalid or missing Currency');
  const message = text('message') ?? null;
  if (message !== null && message.length > 50) throw new SimulatorRefusal(422, 'RP02', 'Wrong formatted message');
  const payerAlias = text('payerAlias') ?? null;
  if (payerAlias !== null && !PAYER_ALIAS.test(payerAlias)) throw new SimulatorRefusal(422, 'BE18', 'Payer alias is invalid');
  const reference = text('payeePaymentReference') ?? null;
  if (reference !== null && !REFERENCE.test(reference)) throw new SimulatorRefusal(422, 'FF08', 'PayeePaymentReference is invalid');
  return {
    id,
    payeePaymentReference: reference,
    paymentReference: null,
    callbackUrl,
    payerAlias,
    payeeAlias,
    amount,
    currency: 'SEK',
    message,
    status: 'CREATED',
    dateCreated: now.toISOString(),
    datePaid: null,
    errorCode: null,
    errorMessage: null,
  };
}

/**
 * The simulator's payment requests and what the payer's app does with them. A request not
 * answered within the timeout ends as ERROR TM01, as Swish's do after three minutes.
 */
export class PaymentBook {
  private readonly requests = new Map<string, SimulatedPaymentRequest>();
  private sequence = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: () => number,
    /** Sends the outcome to the request's callback URL */
    private readonly notify: (request: SimulatedPaymentRequest, delivery: CallbackDelivery) => void,
  ) {}

  create(id: string, body: Record<string, unknown>): SimulatedPaymentRequest {
    if (this.requests.has(id)) throw new SimulatorRefusal(409, 'RP06', 'A payment request with this instructionUUID already exists');
    const request = checkedRequest(id, body, new Date(this.clock()));
    this.requests.set(id, request);
    return request;
  }

  /** The request as Swish's GET answers it; a pending one past its time has become ERROR TM01. */
  find(id: string): SimulatedPaymentRequest | undefined {
    const request = this.requests.get(id);
    if (request?.status === 'CREATED' && this.clock() - Date.parse(request.dateCreated) >= this.timeoutMs) {
      this.settle(request, 'ERROR', 'once', { errorCode: 'TM01', errorMessage: 'Swish timed out before the payment was started' });
    }
    return request;
  }

  pending(): SimulatedPaymentRequest[] {
    return [...this.requests.keys()].map((id) => this.find(id)).filter((r): r is SimulatedPaymentRequest => r?.status === 'CREATED');
  }

  /** The payer approves in the app. */
  pay(id: string, delivery: CallbackDelivery = 'once'): SimulatedPaymentRequest {
    const request = this.open(id);
    this.sequence += 1;
    return this.settle(request, 'PAID', delivery, {
      paymentReference: `${String(this.clock()).slice(-8)}${String(this.sequence).padStart(4, '0')}`.padStart(32, '0').toUpperCase(),
      datePaid: new Date(this.clock()).toISOString(),
    });
  }

  /** The payer declines in the app. */
  decline(id: string, delivery: CallbackDelivery = 'once'): SimulatedPaymentRequest {
    return this.settle(this.open(id), 'DECLINED', delivery, {});
  }

  /** Nobody answers: Swish gives up (what happens by itself after the timeout). */
  timeOut(id: string, delivery: CallbackDelivery = 'once'): SimulatedPaymentRequest {
    return this.settle(this.open(id), 'ERROR', delivery, { errorCode: 'TM01', errorMessage: 'Swish timed out before the payment was started' });
  }

  private open(id: string): SimulatedPaymentRequest {
    const request = this.find(id);
    if (!request) throw new SimulatorRefusal(404, 'RP04', 'No payment request found related to a token');
    if (request.status !== 'CREATED') throw new SimulatorRefusal(409, 'RP07', `The payment request is already ${request.status}`);
    return request;
  }

  private settle(request: SimulatedPaymentRequest, status: PaymentStatus, delivery: CallbackDelivery, changes: Partial<SimulatedPaymentRequest>): SimulatedPaymentRequest {
    Object.assign(request, changes, { status });
    this.notify({ ...request }, delivery);
    return request;
  }
}
