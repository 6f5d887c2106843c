import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs (as test/e2e/browser.ts). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let shared: Promise<Browser> | undefined;

/**
 * One browser per process, started on the first scan: launching costs about a second, a new
 * context per scan costs milliseconds. A browser that crashed is started again on the next scan.
 */
export function sharedBrowser(executablePath: string): Promise<Browser> {
  shared ??= chromium.launch({ executablePath, args: CHROMIUM_ARGS }).then((browser) => {
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
