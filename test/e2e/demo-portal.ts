import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { startDemoLoginMethods, type DemoLoginMethods } from '../../server/src/demo/login-methods.js';
import { startTestApp, TEST_SESSION_SETTINGS, type TestApp, type TestAppOptions } from '../../server/src/test-support/app.js';
import { launchChromium } from './browser.js';

/** The production build of the client, which the browser journeys drive. */
export const CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** bankid.<qrStartToken>.<seconds>.<HMAC-SHA256 hex>, as BankID documents it */
export const QR_FORMAT = /^bankid\.[0-9a-f-]{36}\.(\d+)\.[0-9a-f]{64}$/;

export interface DemoPortal {
  app: TestApp;
  browser: Browser;
  demo: DemoLoginMethods;
  /** The BankID simulator's tester API: play the citizen's BankID app */
  bankIdTester(path: string, body: unknown): Promise<{ orderRef: string }>;
  close(): Promise<void>;
}

/**
 * The app with the built client and demo mode's e-ID simulators, and a headless Chromium;
 * `options` adds e.g. receipt mail or prefill sources, or shorter sessions.
 */
export async function startDemoPortal(options: Pick<TestAppOptions, 'mail' | 'delivery' | 'prefillSources' | 'sessions' | 'paymentProvider' | 'fees'> = {}): Promise<DemoPortal> {
  let demo!: DemoLoginMethods;
  const [app, browser] = await Promise.all([
    startTestApp({
      ...options,
      clientDir: CLIENT_DIR,
      loginMethods: async ({ db, baseUrl }) => {
        demo = await startDemoLoginMethods({ db, publicUrl: baseUrl, sessions: { ...TEST_SESSION_SETTINGS, ...options.sessions } });
        return demo.plugins;
      },
    }),
    launchChromium(),
  ]);
  return {
    app,
    browser,
    demo,
    async bankIdTester(path, body) {
      const response = await fetch(`${demo.testerUrls.bankid}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, path).toBeLessThan(300);
      return (await response.json()) as { orderRef: string };
    },
    async close() {
      await browser.close();
      await app.close();
      await demo.close();
    },
  };
}
