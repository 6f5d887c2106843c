import { describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS, TEMPLATES } from '@etjanst/schemas';
import { withDemoConnectors } from '../demo/delivery.js';
import { templateFor } from '../demo/seed.js';
import { ConnectorRegistry } from './plugins.js';
import type { CaseManagementOptions } from './connectors/case-management/mapping.js';
import { answerAt, caseTitle, routeCase } from './connectors/case-management/mapping.js';
import { firstAttemptAt } from './schedule.js';
import { loadConfig } from '../config.js';
import { retryDelayMs, retryPolicyFrom } from './settings.js';
import { attachmentToken, signWebhook, verifyAttachmentToken, verifyWebhook } from './signatures.js';

describe('retry backoff with full jitter', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };
  it('waits between 0 and base·2^(attempt-1), capped', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 0.999999))).toEqual([999, 1999, 3999, 7999]);
    expect(retryDelayMs(20, policy, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });
  it('with the default settings keeps retrying a target that is down for an hour (10 000 seeded runs)', () => {
    const policy = retryPolicyFrom(loadConfig({}));
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31); // a fixed sequence, not Math.random
    let shortest = Infinity;
    for (let run = 0; run < 10_000; run++) {
      let waited = 0;
      for (let attempt = 1; attempt < policy.maxAttempts; attempt++) waited += retryDelayMs(attempt, policy, random);
      shortest = Math.min(shortest, waited);
    }
    expect(shortest).toBeGreaterThan(3_600_000);
  });

  it('spreads retries of many deliveries over the window instead of bunching them', () => {
    const delays = Array.from({ length: 200 }, () => retryDelayMs(5, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(16_000);
    expect(new Set(delays.map((d) => Math.floor(d / 4000))).size).toBe(4);
  });
});

describe('first attempt', () => {
  it('is at once, or for a nightly e-archive at the next 01:00 UTC', () => {
    const now = new Date('2026-11-25T03:00:00Z');
    expect(firstAttemptAt({ id: 'a', type: 'email', options: { to: 'a@b.se' } }, now)).toBe(now);
    expect(firstAttemptAt({ id: 'a', type: 'e-archive', options: { folder: 'x', schedule: 'per-submission' } }, now)).toBe(now);
    expect(firstAttemptAt({ id: 'a', type: 'e-archive', options: { folder: 'x', schedule: 'nightly' } }, now).toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(firstAttemptAt({ id: 'a', type: 'e-archive', options: { folder: 'x', schedule: 'nightly' } }, new Date('2026-11-25T00:30:00Z')).toISOString()).toBe('2026-11-25T01:00:00.000Z');
  });
});

describe('case management mapping', () => {
  const answers = { child: { name: 'Alva', schoolArea: 'norr' }, category: 'lighting' };
  it('fills the title template from the submission and the answers', () => {
    expect(caseTitle('Förskoleplats {answers.child.name} ({receiptNumber})', { eserviceTitle: 'Förskola', receiptNumber: 'SOL-2026-000001', applicant: undefined, answers })).toBe('Förskoleplats Alva (SOL-2026-000001)');
    expect(caseTitle('{eserviceTitle} {answers.missing} – {applicant}', { eserviceTitle: 'Bygglov', receiptNumber: 'x', applicant: 'Anna', answers })).toBe('Bygglov – Anna');
    expect(answerAt(answers, 'child.schoolArea')).toBe('norr');
    expect(answerAt({ preferredPreschools: ['ekbacken', 'solrosen'] }, 'preferredPreschools.0')).toBe('ekbacken');
    expect(answerAt({ preferredPreschools: ['ekbacken'] }, 'preferredPreschools.first')).toBeUndefined();
  });
  it('routes by the first matching rule, else to the defaults', () => {
    const options = {
      caseType: 'BOU-FSK',
      unit: 'Förskoleantagningen',
      rules: [
        { field: 'child.schoolArea', equals: 'syd', unit: 'Område syd' },
        { field: 'child.schoolArea', equals: 'norr', unit: 'Område norr', officer: 'norr@solbacka.se' },
      ],
    };
    expect(routeCase(options, answers)).toEqual({ unit: 'Område norr', officer: 'norr@solbacka.se' });
    expect(routeCase(options, { child: { schoolArea: 'väst' } })).toEqual({ unit: 'Förskoleantagningen', officer: undefined });
  });
});

describe('signatures', () => {
  it('verifies a webhook signature only for the same secret, body and a fresh timestamp', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    const header = signWebhook(['s3cret'], '{"a":1}', at);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret', header, '{"a":1}', new Date(at.getTime() + 60_000))).toEqual({ valid: true, timestamp: at.getTime() / 1000 });
    expect(verifyWebhook('s3cret', header, '{"a":2}', at)).toEqual({ valid: false, reason: 'signature-mismatch' });
    expect(verifyWebhook('s3cret', header, '{"a":1}', new Date(at.getTime() + 301_000))).toEqual({ valid: false, reason: 'too-old' });
    expect(verifyWebhook('s3cret', header.replace(/t=\d+/, `t=${at.getTime() / 1000 + 1}`), '{"a":1}', at)).toEqual({ valid: false, reason: 'signature-mismatch' });
    expect(verifyWebhook('s3cret', undefined, '{"a":1}', at)).toEqual({ valid: false, reason: 'malformed' });
  });
  it('signs with each secret during a rotation, so a receiver with either the new or the old one verifies', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    const header = signWebhook(['new-secret', 'old-secret'], '{"a":1}', at);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('new-secret', header, '{"a":1}', at)).toMatchObject({ valid: true });
    expect(verifyWebhook('old-secret', header, '{"a":1}', at)).toMatchObject({ valid: true });
    expect(verifyWebhook('another-secret', header, '{"a":1}', at)).toEqual({ valid: false, reason: 'signature-mismatch' });
    expect(verifyWebhook('old-secret', header, '{"a":2}', at)).toEqual({ valid: false, reason: 'signature-mismatch' });
  });
  it('accepts an attachment link token until it expires', () => {
    const grant = { municipalityId: 'solbacka', attachmentId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', expires: 2_000_000_000 };
    const token = attachmentToken('key', grant);
    expect(verifyAttachmentToken('key', token, new Date(1_999_999_000_000))).toEqual(grant);
    expect(verifyAttachmentToken('key', token, new Date(2_000_000_001_000))).toBeUndefined();
    expect(verifyAttachmentToken('other', token, new Date(1_999_999_000_000))).toBeUndefined();
    expect(verifyAttachmentToken('key', token.replace('solbacka', 'ekdala'), new Date(1_999_999_000_000))).toBeUndefined();
  });
});

describe('connectors of the demo e-services', () => {
  const registry = new ConnectorRegistry();
  const demo = TEMPLATES.map((t) => withDemoConnectors(templateFor(t, 'solbacka')));
  it('have options their plugins accept', () => {
    expect(demo.flatMap((d) => registry.definitionProblems(d))).toEqual([]);
    expect(demo.find((d) => d.id === 'bygglov')!.delivery.connectors.map((c) => c.type)).toEqual(['case-management', 'e-archive']);
  });
  it('route a preschool application by the area of the first choice, with the child in the title', () => {
    const options = demo.find((d) => d.id === 'forskoleplats')!.delivery.connectors[0]!.options as CaseManagementOptions;
    const answers = EXAMPLE_ANSWERS.forskoleplats!;
    expect(routeCase(options, answers)).toEqual({ unit: 'Förskoleområde norr', officer: undefined });
    expect(routeCase(options, { ...answers, preferredPreschools: ['tallgarden'] }).unit).toBe('Förskoleområde syd');
    expect(caseTitle(options.titleTemplate!, { eserviceTitle: '', receiptNumber: 'SOL-2026-000007', applicant: undefined, answers })).toBe('Förskoleplats Alva Berg (SOL-2026-000007)');
  });
});
