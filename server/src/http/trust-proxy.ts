import { isIP } from 'node:net';

/** Express's `trust proxy`: the number of proxy hops in front, or the addresses and subnets of the trusted proxies. */
export type TrustProxy = number | string[];

/** A proxy on the same machine, e.g. nginx beside one instance. */
export const DEFAULT_TRUST_PROXY = 'loopback';

/** The names Express (proxy-addr) knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(item: string): boolean {
  if (RANGE_NAMES.has(item)) return true;
  const [address = '', prefix, ...rest] = item.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY: which proxies may say who the client is in X-Forwarded-For, so that abuse limits
 * and the audit log see the citizen's address, not the load balancer's. A comma-separated list of
 * addresses, subnets (10.0.1.0/24) and `loopback`, `linklocal`, `uniquelocal`, or a number of
 * hops. `true` (trust anyone) is refused: any client could then pick its own address and walk
 * around every limit.
 */
export function parseTrustProxy(value: string, problems: string[]): TrustProxy {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed) && Number(trimmed) <= 10) return Number(trimmed);
  const items = trimmed.split(',').map((item) => item.trim());
  const wrong = items.filter((item) => !isAddressOrSubnet(item));
  if (wrong.length > 0) {
    problems.push(`TRUST_PROXY must list the load balancers' addresses or subnets (10.0.1.0/24), loopback, linklocal or uniquelocal, or be a number of hops 0-10, got "${wrong.join(', ')}"`);
  }
  return items;
}
