import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueCertificate, persistentKeyPair, type KeyPair } from '../identity/certificates.js';

/** How a simulator names its mutual-TLS keys: the files in the key folder and the certificates' names. */
export interface SimulatorKeyNames {
  /** e.g. `bankid-simulator`: files `<prefix>-ca`, `<prefix>-server`, `<prefix>-<clientFile>` */
  prefix: string;
  clientFile: string;
  /** The server's common name; the CA's is this plus " CA" */
  product: string;
  /** The common name of the platform's client certificate */
  clientName: string;
}

/**
 * A CA of the simulator's own, its server certificate for this host, and the client certificate
 * the platform presents, as the real services' test environments hand them out. Kept in `certDir`
 * across restarts when given (the demo), made anew otherwise (tests).
 */
export async function simulatorKeys(names: SimulatorKeyNames, host: string, certDir: string | undefined) {
  const pair = (name: string, create: () => KeyPair) => (certDir ? persistentKeyPair(certDir, name, create) : Promise.resolve(create()));
  const ca = await pair(`${names.prefix}-ca`, () => issueCertificate({ commonName: `${names.product} CA`, usage: 'ca' }));
  const altNames = [...new Set(['127.0.0.1', 'localhost', host])].filter((name) => name !== '0.0.0.0' && name !== '::');
  const server = await pair(`${names.prefix}-server`, () => issueCertificate({ commonName: names.product, altNames, usage: 'server' }, ca));
  const client = await pair(`${names.prefix}-${names.clientFile}`, () => issueCertificate({ commonName: names.clientName, usage: 'client' }, ca));
  return { ca, server, client };
}

/** Listens and answers the port it got (0 asks for a free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // keep-alive clients would otherwise hold close() open
  });
}
