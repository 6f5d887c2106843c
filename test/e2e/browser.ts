import type { Browser } from 'playwright-core';
import { launchChromium as launch } from '../../server/src/checks/chromium.js';

/** The scan's browser choice: CHROMIUM_PATH, else a system Chromium, else the one shipped with @sparticuz/chromium. */
export function launchChromium(): Promise<Browser> {
  return launch({ path: process.env.CHROMIUM_PATH });
}
