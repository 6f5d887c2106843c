import path from 'node:path';
import { SwishClient } from '../payment/swish-client.js';
import { startPaymentSimulator } from '../simulators/payment/simulator.js';

/**
 * Demo mode's payments: the Swish simulator (Merchant API over mutual TLS), wired exactly as the
 * real Swish commerce would be: only the URL, certificates and Swish number differ.
 */
export async function startDemoPayment(options: { keyDir?: string | undefined }) {
  const simulator = await startPaymentSimulator({ certDir: options.keyDir ? path.join(options.keyDir, 'payment') : undefined });
  const provider = new SwishClient({ baseUrl: simulator.url, payeeAlias: simulator.payeeAlias, ca: simulator.ca, ...simulator.clientCert });
  return {
    provider,
    testerUrl: simulator.testerUrl,
    close: async () => {
      provider.close();
      await simulator.close();
    },
  };
}
