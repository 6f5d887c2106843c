import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhook } from '../delivery/signatures.js';

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/**
 * A webhook receiver that does what the API and integration guide tells receivers to do: verify the signature,
 * refuse old timestamps and a signature it has already seen (every retry is signed afresh, so
 * only a replay repeats one), and keep one submission per idempotency key. It also counts how
 * often each key was accepted, which is what a receiver that does not deduplicate would store.
 */
export async function startWebhookReceiver(secretOf: () => string) {
  const accepted = new Map<string, unknown>();
  const timesAccepted = new Map<string, number>();
  const refused: string[] = [];
  const seenSignatures = new Set<string>();
  let last: { headers: Record<string, string>; body: string } | undefined;
  let failWith: number | undefined;
  let failedRequests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (failWith) {
        failedRequests++;
        return void res.writeHead(failWith).end();
      }
      const verified = verifyWebhook(secretOf(), req.headers[SIGNATURE_HEADER] as string | undefined, body);
      if (!verified.valid) {
        refused.push(verified.reason);
        return void res.writeHead(401).end(verified.reason);
      }
      const signature = String(req.headers[SIGNATURE_HEADER]);
      if (seenSignatures.has(signature)) {
        refused.push('replayed');
        return void res.writeHead(409).end('replayed');
      }
      seenSignatures.add(signature);
      last = { headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'idempotency-key': String(req.headers['idempotency-key']) }, body };
      const key = String(req.headers['idempotency-key']);
      if (!accepted.has(key)) accepted.set(key, JSON.parse(body));
      timesAccepted.set(key, (timesAccepted.get(key) ?? 0) + 1);
      res.writeHead(202, { location: `/received/${encodeURIComponent(key)}` }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    /** The first body accepted for each idempotency key */
    accepted,
    /** How many times each idempotency key was accepted */
    timesAccepted,
    refused,
    /** Requests answered with the `fail` status */
    failedRequests: () => failedRequests,
    /** The last request it accepted, as it came over the wire */
    last: () => last,
    /** Answer every request with this status (undefined: work normally) */
    fail: (status: number | undefined) => {
      failWith = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
