import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { StaffSignIn } from '../../server/src/test-support/staff.js';

/** Signs a staff member (by default the test app's administrator, every role everywhere) into a browser context. */
export async function signInStaffBrowser(context: BrowserContext, app: { baseUrl: string; administrator: StaffSignIn }, staff: StaffSignIn = app.administrator): Promise<void> {
  const [name, value] = staff.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: app.baseUrl, httpOnly: true, sameSite: 'Strict' }]);
}

/** A new context signed in as a staff member; closing its page closes it. */
export async function staffPage(browser: Browser, app: { baseUrl: string; administrator: StaffSignIn }, options: BrowserContextOptions = {}, staff?: StaffSignIn): Promise<Page> {
  const context = await browser.newContext(options);
  await signInStaffBrowser(context, app, staff);
  const page = await context.newPage();
  // when the whole browser is shutting down the context goes with it: nothing left to close
  page.once('close', () => void context.close().catch(() => undefined));
  return page;
}
