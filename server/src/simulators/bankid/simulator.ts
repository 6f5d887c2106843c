import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { KeyPair } from '../../identity/certificates.js';
import { listen, simulatorKeys, stop } from '../servers.js';
import { OrderBook } from './order-book.js';
import { rpApi } from './rp-api.js';
import { SimulatedBankIdPki } from './signature.js';
import { DEFAULT_TEST_PERSONS, type TestPerson } from './test-persons.js';
import { testerApp } from './tester.js';

export { DEFAULT_TEST_PERSONS, type TestPerson } from './test-persons.js';

export interface BankIdSimulatorOptions {
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Port of the RP API (mutual TLS); default a free one. */
  port?: number;
  /** Port of the tester page and API (plain HTTP); default a free one. */
  testerPort?: number;
  /** Keep the CA, server and RP client keys here across restarts; fresh ones each start without it. */
  certDir?: string;
  /** Seconds until a pending order fails with expiredTransaction; default 180. */
  orderTimeoutSeconds?: number;
  testPersons?: TestPerson[];
  /** Milliseconds since the epoch; tests move time forward with it. */
  clock?: () => number;
}

export interface BankIdSimulator {
  /** e.g. https://127.0.0.1:PORT/rp/v6.0 */
  url: string;
  testerUrl: string;
  /** PEM of the CA behind the server, the RP client and the test persons' certificates (and their OCSP responder). */
  ca: string;
  clientCert: KeyPair;
  persons: TestPerson[];
  close(): Promise<void>;
}

/**
 * A local BankID: the RP API v6 over HTTPS that requires a client certificate from its own CA
 * (as BankID does), plus a tester side where a person or a test plays the user's app.
 */
export async function startBankIdSimulator(options: BankIdSimulatorOptions = {}): Promise<BankIdSimulator> {
  const host = options.host ?? '127.0.0.1';
  const keys = await simulatorKeys({ prefix: 'bankid-simulator', clientFile: 'rp-client', product: 'BankID-simulator', clientName: 'E-tjänstplattformen RP (test)' }, host, options.certDir);
  const persons = options.testPersons ?? [...DEFAULT_TEST_PERSONS];
  const book = new OrderBook(persons, (options.orderTimeoutSeconds ?? 180) * 1000, options.clock ?? Date.now, new SimulatedBankIdPki(keys.ca));

  const rpServer = createHttpsServer(
    { key: keys.server.key, cert: keys.server.cert, ca: [keys.ca.cert], requestCert: true, rejectUnauthorized: true },
    rpApi(book),
  );
  const testerServer = createHttpServer(testerApp(book));
  const rpPort = await listen(rpServer, options.port ?? 0, host);
  const testerPort = await listen(testerServer, options.testerPort ?? 0, host);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `https://${urlHost}:${rpPort}/rp/v6.0`,
    testerUrl: `http://${urlHost}:${testerPort}`,
    ca: keys.ca.cert,
    clientCert: keys.client,
    persons,
    close: async () => {
      await Promise.all([stop(rpServer), stop(testerServer)]);
    },
  };
}
