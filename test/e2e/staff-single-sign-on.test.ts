import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_OIDC_CLIENT_ID, DEMO_STAFF_OIDC_PROVIDER } from '../../server/src/demo/staff-groups.js';
import { startStaffOidcSimulator, type StaffOidcSimulator } from '../../server/src/simulators/staff-oidc/simulator.js';
import { loggedOutUrl } from '../../server/src/staff/oidc/logout.js';
import { callbackUrl, staffOidcLoginMethod } from '../../server/src/staff/oidc/plugin.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../../server/src/staff/sessions.js';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';

/**
 * The staff pages with a real single sign-on provider (the OpenID Connect simulator): a sensitive
 * action after a login the provider made long ago offers "Logga in igen", which makes the
 * provider ask anew and comes back; "Logga ut" ends the provider's session too.
 */
describe('staff single sign-on in the browser: forced re-login and single logout', () => {
  let app: TestApp;
  let browser: Browser;
  let simulator: StaffOidcSimulator;
  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startTestApp({
        clientDir: CLIENT_DIR,
        staffLoginMethods: async ({ db, baseUrl }) => {
          simulator = await startStaffOidcSimulator({
            clients: [{ clientId: DEMO_STAFF_OIDC_CLIENT_ID, redirectUris: [callbackUrl(baseUrl, DEMO_STAFF_OIDC_PROVIDER)], postLogoutRedirectUris: [loggedOutUrl(baseUrl, DEMO_STAFF_OIDC_PROVIDER)] }],
          });
          const { clientId, clientSecret } = simulator.clients[0]!;
          return [
            staffOidcLoginMethod({ db, sessions: { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true }, publicUrl: baseUrl, timeoutSeconds: 5 }, [
              { id: DEMO_STAFF_OIDC_PROVIDER, name: { sv: 'Kommunens inloggning', en: 'Municipal login' }, issuer: simulator.issuer, clientId, clientSecret, groupsClaim: 'groups' },
            ]),
          ];
        },
      }),
      launchChromium(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await simulator?.close();
  });

  it('"Logga in igen" after reauthentication-required logs in anew at the provider and comes back; "Logga ut" ends the provider’s session too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const staffPage = `${app.baseUrl}/admin/ekdala/personal`;
    await page.goto(staffPage);
    await page.getByTestId('staff-login-method-oidc:demo-idp').click();
    // at the provider: Ekdala's municipality administrator, whose login there was 15 minutes ago
    await page.getByRole('radio', { name: /Karin Kommunadmin/ }).check();
    await page.getByLabel(/Inloggningstid/).selectOption('15');
    await page.getByRole('button', { name: 'Logga in / Log in' }).click();
    await page.waitForURL(staffPage);

    const summary = page.getByTestId('error-summary');
    await page.getByRole('button', { name: 'Ge rollen' }).click();
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('Logga in igen för att fortsätta');
    const again = summary.getByTestId('reauthenticate');
    expect(await again.textContent()).toBe('Logga in igen');
    expect(new URL(String(await again.getAttribute('href')), app.baseUrl).searchParams.get('reauthenticate')).toBe('1');
    await again.click();
    // the provider asks again although its session is live; the login is now
    await page.getByRole('radio', { name: /Karin Kommunadmin/ }).check();
    await page.getByRole('button', { name: 'Logga in / Log in' }).click();
    await page.waitForURL(staffPage);
    await page.getByRole('button', { name: 'Ge rollen' }).click();
    // past the recent-login check: what is refused now is the empty form
    await expect.poll(() => summary.getByRole('heading').textContent()).not.toBe('Logga in igen för att fortsätta');
    expect(await summary.getByTestId('reauthenticate').count()).toBe(0);

    await page.getByTestId('staff-logout-button').click();
    // at the provider, which asks whether to end its session too
    await page.getByRole('button', { name: 'Logga ut / Log out' }).click();
    await page.getByTestId('staff-login-page').waitFor();
    expect(page.url()).toBe(`${app.baseUrl}/admin/logga-in?utloggad=1`);
    expect(await page.getByTestId('staff-login-notice').textContent()).toBe('Du har loggat ut.');
    // the provider's session is over: logging in asks who it is
    await page.getByTestId('staff-login-method-oidc:demo-idp').click();
    await page.getByRole('heading', { level: 1, name: /Logga in som personal/ }).waitFor();
    await page.close();
  });
});
