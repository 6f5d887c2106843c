import { Agent, request } from 'node:https';
import { PAYMENT_STATUSES, REFUND_STATUSES } from '../db/tables.js';
import { PaymentProviderError, type NewPaymentRequest, type NewRefundRequest, type PaymentProvider, type PaymentRequestState, type RefundRequestState } from './provider.js';

export type SwishClientOptions = {
  /** e.g. https://cpc.getswish.net/swish-cpcapi (production) or the simulator's URL */
  baseUrl: string;
  /** The municipality's Swish number (payeeAlias, 123...) */
  payeeAlias: string;
  /** PEM of the CA that issued the provider's server certificate (the only one trusted) */
  ca: string;
  /** Milliseconds before a call counts as failed; default 10 000 */
  timeoutMs?: number;
} & ({ cert: string; key: string } | { pfx: Buffer | string; passphrase?: string });

/** An answer larger than this is not Swish's: cut off rather than buffered. */
const MAX_ANSWER_BYTES = 64 * 1024;

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Swish commerce (Merchant API) over mutual TLS: PUT /api/v2/paymentrequests/{instructionUUID}
 * creates a payment request, GET /api/v1/paymentrequests/{instructionUUID} reads its state;
 * PUT /api/v2/refunds/{instructionUUID} and GET /api/v1/refunds/{instructionUUID} do the same for
 * a refund. Every call is bounded in time and answer size.
 */
export class SwishClient implements PaymentProvider {
  readonly id = 'swish';
  private readonly agent: Agent;
  private readonly baseUrl: URL;
  private readonly timeoutMs: number;

  constructor(private readonly options: SwishClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const credentials = 'pfx' in options ? { pfx: options.pfx, passphrase: options.passphrase } : { cert: options.cert, key: options.key };
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ca: options.ca, ...credentials });
  }

  async create(body: NewPaymentRequest): Promise<{ paymentRequestToken?: string | undefined }> {
    const { instructionId, ...fields } = body;
    const answer = await this.call('PUT', `api/v2/paymentrequests/${encodeURIComponent(instructionId)}`, {
      payeePaymentReference: fields.payeePaymentReference,
      callbackUrl: fields.callbackUrl,
      ...(fields.payerAlias ? { payerAlias: fields.payerAlias } : {}),
      payeeAlias: this.options.payeeAlias,
      amount: fields.amount,
      currency: 'SEK',
      message: fields.message,
    });
    if (answer.status !== 201) throw refusal(answer);
    const token = answer.headers.paymentrequesttoken;
    return { paymentRequestToken: typeof token === 'string' ? token : undefined };
  }

  async retrieve(instructionId: string): Promise<PaymentRequestState> {
    const answer = await this.call('GET', `api/v1/paymentrequests/${encodeURIComponent(instructionId)}`);
    if (answer.status !== 200) throw refusal(answer);
    return readState(answer.text, instructionId);
  }

  async refund(body: NewRefundRequest): Promise<void> {
    const answer = await this.call('PUT', `api/v2/refunds/${encodeURIComponent(body.instructionId)}`, {
      originalPaymentReference: body.originalPaymentReference,
      payerPaymentReference: body.payerPaymentReference,
      callbackUrl: body.callbackUrl,
      // the refund is paid from our Swish number
      payerAlias: this.options.payeeAlias,
      amount: body.amount,
      currency: 'SEK',
      message: body.message,
    });
    if (answer.status !== 201) throw refusal(answer);
  }

  async retrieveRefund(instructionId: string): Promise<RefundRequestState> {
    const answer = await this.call('GET', `api/v1/refunds/${encodeURIComponent(instructionId)}`);
    if (answer.status !== 200) throw refusal(answer);
    const { status, amount, paymentReference, errorCode } = readObject(answer.text, instructionId, REFUND_STATUSES);
    return { instructionId, status, amount, paymentReference, errorCode };
  }

  close(): void {
    this.agent.destroy();
  }

  private call(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<Answer>((resolve, reject) => {
      const fail = (details: string) => reject(new PaymentProviderError('connectionFailed', details));
      const req = request(
        new URL(path, this.baseUrl),
        {
          method,
          agent: this.agent,
          headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
            else chunks.push(chunk);
          });
          res.on('error', (error) => fail(error.message));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => fail(error.message));
      req.end(payload);
    });
  }
}

/** Swish answers errors as [{ errorCode, errorMessage }]; a proxy's page falls back on the status. */
function refusal(answer: Answer): PaymentProviderError {
  try {
    const parsed = JSON.parse(answer.text) as unknown;
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { errorCode?: unknown; errorMessage?: unknown } | undefined;
    if (typeof first?.errorCode === 'string') return new PaymentProviderError(first.errorCode, String(first.errorMessage ?? ''), answer.status);
  } catch {
    // not JSON
  }
  return new PaymentProviderError(`http-${answer.status}`, answer.text.slice(0, 200), answer.status);
}

const optionalText = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : undefined);

/** The fields we use of Swish's payment request or refund object, checked: nothing unexpected is stored. */
function readObject<S extends string>(text: string, instructionId: string, statuses: readonly S[]) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>; // checked below: null or an array has no status
  } catch {
    throw new PaymentProviderError('unreadableAnswer', text.slice(0, 200));
  }
  const status: unknown = typeof body === 'object' && body !== null ? body.status : undefined;
  if (!statuses.includes(status as S)) {
    throw new PaymentProviderError('unreadableAnswer', `unknown status ${String(status)}`);
  }
  if (body.id !== undefined && body.id !== instructionId) throw new PaymentProviderError('unreadableAnswer', 'another request was answered');
  return {
    instructionId,
    status: status as S,
    amount: String(body.amount ?? ''),
    paymentReference: optionalText(body.paymentReference),
    errorCode: optionalText(body.errorCode),
    datePaid: optionalText(body.datePaid),
  };
}

/** The fields we use of Swish's payment request object. */
export function readState(text: string, instructionId: string): PaymentRequestState {
  const { datePaid, ...state } = readObject(text, instructionId, PAYMENT_STATUSES);
  return { ...state, datePaid };
}
