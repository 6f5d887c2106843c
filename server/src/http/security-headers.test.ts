import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/app.js';
import { clientPagePolicy, securityHeaders } from './security-headers.js';

/** A Content-Security-Policy header as directive -> sources. */
const directives = (header: string | null): Record<string, string[]> =>
  Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );

describe(`the pages' security headers (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('a citizen page allows scripts from this origin only: no eval, no inline script, and it may not be framed', async () => {
    for (const path of ['/', '/solbacka', '/solbacka/e-tjanster/felanmalan', '/mina-sidor', '/skall-krav/forhandsvisning/token']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      const header = response.headers.get('content-security-policy');
      const policy = directives(header);
      expect(policy['script-src'], path).toEqual(["'self'"]);
      expect(policy['default-src'], path).toEqual(["'self'"]);
      expect(policy['style-src'], path).toEqual(["'self'"]);
      expect(policy['frame-ancestors'], path).toEqual(["'none'"]);
      expect(header, path).not.toMatch(/unsafe-eval|unsafe-inline/);
      // the headers set before helmet are kept
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      // the test app's address is http: no Strict-Transport-Security, no upgrade of requests
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(policy['upgrade-insecure-requests']).toBeUndefined();
    }
    // the client's own files are under the citizens' policy too
    const index = await (await fetch(`${app.baseUrl}/`)).text();
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    expect(directives((await fetch(`${app.baseUrl}${script}`)).headers.get('content-security-policy'))['script-src']).toEqual(["'self'"]);
  });

  it('the staff pages allow eval, for the designer compiling the form it previews, and nothing else more', async () => {
    for (const path of ['/admin', '/admin/designer/solbacka/felanmalan']) {
      const policy = directives((await fetch(`${app.baseUrl}${path}`)).headers.get('content-security-policy'));
      expect(policy['script-src'], path).toEqual(["'self'", "'unsafe-eval'"]);
      expect(policy['style-src'], path).toEqual(["'self'"]);
      expect(policy['frame-ancestors'], path).toEqual(["'none'"]);
    }
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent when the public address is https, and the pages\' policy upgrades their requests', async () => {
    const publicUrl = 'https://e-tjanster.example.se';
    const server = express().use(securityHeaders(publicUrl), clientPagePolicy(publicUrl)).get('/', (_req, res) => void res.send('ok')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(directives(response.headers.get('content-security-policy'))['upgrade-insecure-requests']).toEqual([]);
    } finally {
      server.close();
    }
  });
});
