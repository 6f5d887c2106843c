import { lookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

/**
 * Where connectors may send (SSRF guard). A connector's target is set by a designer, so without
 * a guard it could reach the platform's own machine, the cloud's metadata service or the
 * municipality's internal network. Only public unicast addresses are reached over https;
 * internal systems are admitted by name in the installation's allow-list.
 */
export interface OutboundPolicy {
  /** Host names, or host:port, that may be reached at any address and over plain http (OUTBOUND_ALLOWED_HOSTS) */
  allowedHosts: readonly string[];
}

export const PUBLIC_TARGETS_ONLY: OutboundPolicy = { allowedHosts: [] };

/** A target the policy does not admit; never retried, since no retry changes the address. */
export class OutboundTargetRefused extends Error {
  override readonly name = 'OutboundTargetRefused';
}

const unbracketed = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** Whether the URL's host (or host:port) is on the allow-list. */
export function isAllowedHost(url: URL, policy: OutboundPolicy): boolean {
  const host = unbracketed(url.hostname);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return policy.allowedHosts.some((entry) => {
    const allowed = entry.toLowerCase();
    return allowed === host || allowed === `${host}:${port}` || allowed === `[${host}]:${port}`;
  });
}

/**
 * Public unicast only: loopback, private, link-local (the metadata service), carrier-grade NAT,
 * multicast, reserved and the IPv6 forms that carry an IPv4 address (mapped, 6to4, Teredo,
 * NAT64) are all refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return isPublicAddress((parsed as ipaddr.IPv6).toIPv4Address().toString());
  return parsed.range() === 'unicast';
}

/** Why a target URL is refused before anything is sent, or undefined when it may be tried. */
export function outboundRefusal(url: URL, policy: OutboundPolicy): 'scheme' | 'not-https' | 'address' | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (isAllowedHost(url, policy)) return undefined;
  if (url.protocol !== 'https:') return 'not-https';
  const host = unbracketed(url.hostname);
  return ipaddr.isValid(host) && !isPublicAddress(host) ? 'address' : undefined;
}

/**
 * Resolves like the system does, then refuses the connection when any address of the name is
 * not public: checked when the socket connects, so a name that resolved to a public address at
 * validation cannot later point inward (DNS rebinding).
 */
const publicAddressesOnly: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const inward = addresses.find((entry) => !isPublicAddress(entry.address));
    if (inward || addresses.length === 0) {
      return callback(Object.assign(new OutboundTargetRefused(`${hostname} resolves to ${inward?.address ?? 'no address'}, which deliveries may not reach`), { code: 'EREFUSEDTARGET' }), '', 0);
    }
    if (options.all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

const guardedAgent = new Agent({ connect: { lookup: publicAddressesOnly } });
const allowListedAgent = new Agent();

/**
 * `fetch` under the policy: refused targets throw OutboundTargetRefused before or at connection,
 * and redirects are not followed (a 3xx is the target's answer), so a public name cannot send
 * the request on to an internal one.
 */
export async function fetchOutbound(url: string, init: RequestInit, policy: OutboundPolicy): Promise<Response> {
  const target = new URL(url);
  const refusal = outboundRefusal(target, policy);
  if (refusal) throw new OutboundTargetRefused(`${target.origin} may not be reached by deliveries (${refusal})`);
  const dispatcher = isAllowedHost(target, policy) ? allowListedAgent : guardedAgent;
  try {
    return (await undiciFetch(url, { ...(init as UndiciRequestInit), redirect: 'manual', dispatcher })) as unknown as Response;
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof OutboundTargetRefused) throw cause;
    throw error;
  }
}

/** OUTBOUND_ALLOWED_HOSTS: comma-separated host names or host:port; every mistake goes to `problems`. */
export function parseAllowedHosts(raw: string | undefined, problems: string[]): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(entry)) {
      problems.push(`OUTBOUND_ALLOWED_HOSTS: "${entry}" must be a host name or host:port, such as diarium.kommun.local:8443 (no scheme or path)`);
    }
  }
  return entries;
}

/** The allow-list with the hosts of addresses the operator configured (the case management system). */
export function policyWithConfiguredTargets(allowedHosts: readonly string[], configuredUrls: readonly (string | undefined)[]): OutboundPolicy {
  const configured = configuredUrls.flatMap((url) => (url ? [new URL(url).host] : []));
  return { allowedHosts: [...new Set([...allowedHosts, ...configured])] };
}
