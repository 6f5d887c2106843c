import * as oidc from 'openid-client';
import { isLoopbackHttp, type StaffOidcProvider } from './settings.js';

/** Discovery documents, key sets and token answers are small; anything bigger is refused. */
export const MAX_PROVIDER_ANSWER_BYTES = 256 * 1024;

export interface ProviderClientOptions {
  timeoutSeconds: number;
  /** The HTTP client for requests to the provider (default: Node's fetch) */
  fetch?: typeof fetch | undefined;
}

/**
 * The provider's openid-client configuration, discovered on first use and kept (a provider that
 * is down at start does not stop the platform; a failed discovery is tried again next login).
 * Every request to the provider is bounded in time (openid-client's timeout) and size.
 */
export function providerClient(provider: StaffOidcProvider, options: ProviderClientOptions): () => Promise<oidc.Configuration> {
  let discovered: Promise<oidc.Configuration> | undefined;
  const issuer = new URL(provider.issuer);
  return () => {
    discovered ??= oidc
      .discovery(issuer, provider.clientId, { client_secret: provider.clientSecret }, oidc.ClientSecretBasic(provider.clientSecret), {
        timeout: options.timeoutSeconds,
        [oidc.customFetch]: boundedFetch(options.fetch ?? fetch),
        // plain HTTP only to a provider on this machine (the demo's simulator); settings refuse other http issuers
        ...(isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** fetch whose answer body is read up to a limit: a provider cannot make us buffer without end. */
function boundedFetch(inner: typeof fetch): oidc.CustomFetch {
  return async (url, init) => {
    const response = await inner(url, init as RequestInit);
    const body = response.body && !NULL_BODY_STATUSES.has(response.status) ? await readAtMost(response.body, MAX_PROVIDER_ANSWER_BYTES, url) : null;
    return new Response(body && new Uint8Array(body), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`${new URL(url).origin} answered with more than ${limit} bytes`);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks);
}
