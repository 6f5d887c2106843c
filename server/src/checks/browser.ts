import type { Browser } from 'playwright-core';
import { launchChromium, type ChromiumSettings } from './chromium.js';

let shared: Promise<Browser> | undefined;

/**
 * One browser per process, started on the first scan: launching costs about a second, a new
 * context per scan costs milliseconds. A browser that crashed is started again on the next scan.
 */
export function sharedBrowser(settings: ChromiumSettings): Promise<Browser> {
  shared ??= launchChromium(settings).then((browser) => {
    browser.on('disconnected', () => {
      shared = undefined;
    });
    return browser;
  });
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

export async function closeSharedBrowser(): Promise<void> {
  const browser = await shared?.catch(() => undefined);
  shared = undefined;
  await browser?.close();
}
