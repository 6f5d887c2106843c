import { Agent, request } from 'node:https';
import {
  ERROR_STATUS,
  type AuthRequest,
  type BankIdErrorCode,
  type CollectResponse,
  type ErrorResponse,
  type OrderResponse,
  type PhoneAuthRequest,
  type PhoneOrderResponse,
  type PhoneSignRequest,
  type SignRequest,
} from './api.js';

export type BankIdClientOptions = {
  /** e.g. https://appapi2.bankid.com/rp/v6.0 */
  baseUrl: string;
  /** PEM of the CA that issued BankID's server certificate (the only one trusted). */
  ca: string;
  /** Milliseconds before a call counts as failed; default 10 000. */
  timeoutMs?: number;
} & ({ cert: string; key: string } | { pfx: Buffer | string; passphrase?: string });

/** A failed BankID call: BankID's own errorCode, or 'connectionFailed' when no answer came (TLS, network, timeout). */
export class BankIdError extends Error {
  constructor(
    readonly errorCode: BankIdErrorCode | 'connectionFailed',
    readonly details: string,
    readonly httpStatus?: number,
  ) {
    super(`BankID ${errorCode}: ${details}`);
    this.name = 'BankIdError';
  }
}

const CODE_BY_STATUS = new Map<number, BankIdErrorCode>(
  Object.entries(ERROR_STATUS)
    .filter(([code]) => code !== 'alreadyInProgress')
    .map(([code, status]) => [status, code as BankIdErrorCode]),
);

/** BankID RP API v6 over mutual TLS, one keep-alive connection pool per client; completion data comes back as BankID sends it (risk included). */
export class BankIdClient {
  private readonly agent: Agent;
  private readonly baseUrl: URL;
  private readonly timeoutMs: number;

  constructor(options: BankIdClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const credentials = 'pfx' in options ? { pfx: options.pfx, passphrase: options.passphrase } : { cert: options.cert, key: options.key };
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ca: options.ca, ...credentials });
  }

  auth(body: AuthRequest): Promise<OrderResponse> {
    return this.call('auth', body);
  }

  sign(body: SignRequest): Promise<OrderResponse> {
    return this.call('sign', body);
  }

  /** Authenticates the person on the phone (they confirm the call in the app). */
  phoneAuth(body: PhoneAuthRequest): Promise<PhoneOrderResponse> {
    return this.call('phone/auth', body);
  }

  /** Lets the person on the phone sign userVisibleData. */
  phoneSign(body: PhoneSignRequest): Promise<PhoneOrderResponse> {
    return this.call('phone/sign', body);
  }

  collect(orderRef: string): Promise<CollectResponse> {
    return this.call('collect', { orderRef });
  }

  async cancel(orderRef: string): Promise<void> {
    await this.call('cancel', { orderRef });
  }

  /** Closes pooled connections (tests, shutdown). */
  close(): void {
    this.agent.destroy();
  }

  private call<T>(method: string, body: unknown): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        new URL(method, this.baseUrl),
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, accept: 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new BankIdError('connectionFailed', error.message)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status === 200) {
              try {
                resolve(JSON.parse(text || '{}') as T);
              } catch {
                reject(new BankIdError('internalError', `unreadable answer: ${text.slice(0, 200)}`, status));
              }
              return;
            }
            reject(errorFromAnswer(status, text));
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => reject(new BankIdError('connectionFailed', error.message)));
      req.end(payload);
    });
  }
}

function errorFromAnswer(status: number, text: string): BankIdError {
  try {
    const { errorCode, details } = JSON.parse(text) as Partial<ErrorResponse>;
    if (errorCode && errorCode in ERROR_STATUS) return new BankIdError(errorCode, String(details ?? ''), status);
  } catch {
    // not JSON (a proxy's error page): fall back on the status
  }
  return new BankIdError(CODE_BY_STATUS.get(status) ?? 'internalError', text.slice(0, 200), status);
}
