import { describe, expect, it } from 'vitest';
import { isAllowedHost, isPublicAddress, outboundRefusal, parseAllowedHosts, policyWithConfiguredTargets, PUBLIC_TARGETS_ONLY } from './outbound.js';

describe('the outbound policy', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['2002:7f00:1::', false], // 6to4 carrying 127.0.0.1
    ['64:ff9b::a00:1', false], // NAT64 carrying 10.0.0.1
    ['not an address', false],
    ['93.184.215.14', true],
    ['::ffff:93.184.215.14', true],
    ['2a00:1450:4001:80e::200e', true],
  ])('judges %s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('refuses plain http and inward literal addresses unless the host is allowed, by name or name and port', () => {
    const internal = { allowedHosts: ['diarium.kommun.local', '10.0.0.5:8443'] };
    expect(outboundRefusal(new URL('https://example.se/hook'), PUBLIC_TARGETS_ONLY)).toBeUndefined();
    expect(outboundRefusal(new URL('http://example.se/hook'), PUBLIC_TARGETS_ONLY)).toBe('not-https');
    expect(outboundRefusal(new URL('ftp://example.se/'), PUBLIC_TARGETS_ONLY)).toBe('scheme');
    expect(outboundRefusal(new URL('https://0x7f.1/'), PUBLIC_TARGETS_ONLY)).toBe('address'); // the URL parser makes it 127.0.0.1
    expect(outboundRefusal(new URL('http://diarium.kommun.local/api'), internal)).toBeUndefined();
    expect(outboundRefusal(new URL('https://10.0.0.5:8443/'), internal)).toBeUndefined();
    expect(outboundRefusal(new URL('https://10.0.0.5/'), internal)).toBe('address');
    expect(isAllowedHost(new URL('https://DIARIUM.kommun.local/'), internal)).toBe(true);
  });

  it('reads OUTBOUND_ALLOWED_HOSTS and adds the configured case management host', () => {
    const problems: string[] = [];
    expect(parseAllowedHosts(' diarium.local , 10.0.0.5:8443,[fd00::5]:443 ', problems)).toEqual(['diarium.local', '10.0.0.5:8443', '[fd00::5]:443']);
    expect(problems).toEqual([]);
    parseAllowedHosts('https://diarium.local/path', problems);
    expect(problems).toEqual([expect.stringContaining('OUTBOUND_ALLOWED_HOSTS: "https://diarium.local/path"')]);
    expect(policyWithConfiguredTargets(['a.local'], ['http://127.0.0.1:4100/sif', undefined])).toEqual({ allowedHosts: ['a.local', '127.0.0.1:4100'] });
  });
});
