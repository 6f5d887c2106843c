import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';

/**
 * The app serving the built client, and Chromium, for the tests of one file: started before them
 * and closed after them. Read `app` and `browser` inside the tests (they are there once started).
 */
export function appAndBrowser(): { readonly app: TestApp; readonly browser: Browser } {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: read it inside a test`);
    return value;
  };
  return {
    get app() {
      return started(app, 'the test app');
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}
