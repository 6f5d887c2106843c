import type { PaymentStatus, RefundStatus } from '../db/tables.js';

/** What we ask a provider to collect: one attempt to pay one submission's fee. */
export interface NewPaymentRequest {
  /** Our id of the attempt (Swish's instructionUUID: 32 upper-case hex characters) */
  instructionId: string;
  /** Kronor with two decimals, e.g. "600.00" */
  amount: string;
  /** Shown to the payer (Swish: at most 50 characters) */
  message: string;
  /** Our reference the payee sees in its reports: the receipt number */
  payeePaymentReference: string;
  /** Where the provider posts the outcome */
  callbackUrl: string;
  /** The payer's Swish number (467...), when the citizen typed it (e-commerce); without it the app is opened on this device */
  payerAlias?: string | undefined;
}

/** A payment request as the provider reports it (Swish's GET /paymentrequests/{id}). */
export interface PaymentRequestState {
  instructionId: string;
  status: PaymentStatus;
  amount: string;
  /** The provider's reference of a completed payment */
  paymentReference?: string | undefined;
  datePaid?: string | undefined;
  errorCode?: string | undefined;
}

/** What we ask a provider to pay back: the whole of one paid payment (Swish: a refund request). */
export interface NewRefundRequest {
  /** Our id of the refund (Swish's instructionUUID: 32 upper-case hex characters) */
  instructionId: string;
  /** The provider's reference of the payment refunded (Swish's paymentReference of the PAID request) */
  originalPaymentReference: string;
  /** Kronor with two decimals, e.g. "600.00" */
  amount: string;
  /** Shown to the payer (Swish: at most 50 characters) */
  message: string;
  /** Our reference: the receipt number */
  payerPaymentReference: string;
  /** Where the provider posts the outcome */
  callbackUrl: string;
}

/** A refund request as the provider reports it (Swish's GET /refunds/{id}). */
export interface RefundRequestState {
  instructionId: string;
  status: RefundStatus;
  amount: string;
  /** The provider's reference of the refund once paid */
  paymentReference?: string | undefined;
  errorCode?: string | undefined;
}

/** A provider call that got no usable answer, or an answer refusing the request (its error code, e.g. Swish's RP03). */
export class PaymentProviderError extends Error {
  constructor(
    readonly errorCode: string,
    readonly details: string,
    readonly httpStatus?: number,
  ) {
    super(`payment provider ${errorCode}: ${details}`);
    this.name = 'PaymentProviderError';
  }
}

/**
 * A payment provider plugin (Swish commerce, its simulator, another PSP): creates a payment
 * request the citizen approves in their app, pays a completed payment back, and reports the state
 * of either when asked. Callbacks only tell us to ask: the state we store always comes from
 * `retrieve` / `retrieveRefund`.
 */
export interface PaymentProvider {
  /** Stored with each request, e.g. 'swish' */
  id: string;
  /** The request's id at the provider (Location / PaymentRequestToken) is not needed: we choose the instruction id */
  create(request: NewPaymentRequest): Promise<{ paymentRequestToken?: string | undefined }>;
  retrieve(instructionId: string): Promise<PaymentRequestState>;
  /** Starts paying a completed payment back; the outcome comes by callback and `retrieveRefund` */
  refund(request: NewRefundRequest): Promise<void>;
  retrieveRefund(instructionId: string): Promise<RefundRequestState>;
  close(): void;
}
