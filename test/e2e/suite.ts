import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../../server/src/test-support/app.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR, startDemoPortal, type DemoPortal } from './demo-portal.js';

/**
 * The app serving the built client, and Chromium, for the tests of one file: started before them
 * and closed after them. Read `app` and `browser` inside the tests (they are there once started).
 */
const started = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} is not started yet: read it inside a test`);
  return value;
};

export function appAndBrowser(options: Omit<TestAppOptions, 'clientDir'> = {}): { readonly app: TestApp; readonly browser: Browser } {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ ...options, clientDir: CLIENT_DIR }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get app() {
      return started(app, 'the test app');
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}

/**
 * The demo portal (the app with the e-ID simulators, and Chromium) for the tests of one file:
 * started before them and closed after them. Read its parts inside the tests.
 */
export function demoPortalSuite(options: Pick<TestAppOptions, 'mail' | 'prefillSources' | 'sessions'> = {}): DemoPortal {
  let portal: DemoPortal | undefined;
  beforeAll(async () => {
    portal = await startDemoPortal(options);
  });
  afterAll(async () => portal?.close());
  const current = () => started(portal, 'the demo portal');
  return {
    get app() {
      return current().app;
    },
    get browser() {
      return current().browser;
    },
    get demo() {
      return current().demo;
    },
    bankIdTester: (path, body) => current().bankIdTester(path, body),
    close: () => current().close(),
  };
}
