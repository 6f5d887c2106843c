import { describe, expect, it } from 'vitest';
import { issueCertificate } from '../../server/src/identity/certificates.js';
import { createLocalAdmin } from '../../server/src/staff/local-admin/admins.js';
import { currentCode, secretFromBase32 } from '../../server/src/staff/local-admin/credentials.js';
import { localAdminLoginMethod } from '../../server/src/staff/local-admin/login-method.js';
import { staffSamlLoginMethod } from '../../server/src/staff/saml/plugin.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../../server/src/staff/sessions.js';
import { expectNoWcagViolations } from './axe.js';
import { staffPage } from './staff.js';
import { appAndBrowser } from './suite.js';

/**
 * "Logga in igen" for a login without an identity provider to send the person to: the local
 * administrator, whose login is too old for a sensitive action, confirms with password and a new
 * code on the re-login page, comes back, and the action goes through.
 */
describe('re-login page for the local administrator', () => {
  const sessions = { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true };
  // SAML beside the local administrator, so the identity providers page offers its form (to add one is a sensitive action)
  const suite = appAndBrowser({
    staffLoginMethods: ({ db, baseUrl }) => [
      localAdminLoginMethod(db, sessions),
      staffSamlLoginMethod({ db, sessions, sp: { entityId: `${baseUrl}/api/staff/saml/sp`, baseUrl, signing: issueCertificate({ commonName: 'Test SP', usage: 'signing' }) } }, []),
    ],
  });

  it('a reauthentication-required action succeeds after password and code on /admin/logga-in-igen, back where the person was', async () => {
    const { app, browser } = suite;
    const admin = await createLocalAdmin(app.database.db, { username: 'nod', displayName: 'Nöd Administratör' }, 'test');
    const code = (steps: number) => currentCode(secretFromBase32(admin.totp.base32)!, Date.now() + steps * 30_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const here = `${app.baseUrl}/admin/identitetstjanster`;
    await page.goto(here);
    await page.getByTestId('staff-login-page').waitFor();
    await page.getByLabel('Användarnamn').fill(admin.username);
    await page.getByLabel('Lösenord').fill(admin.password);
    await page.getByLabel('Engångskod').fill(code(0));
    await page.getByTestId('staff-local-submit').click();
    await page.waitForURL(here);
    // the login was 15 minutes ago: too long for adding an identity provider
    await app.database.db.updateTable('staff_sessions').set({ authenticated_at: new Date(Date.now() - 15 * 60_000) }).where('method', '=', 'local').where('ended_at', 'is', null).execute();

    const summary = page.getByTestId('error-summary');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('Logga in igen för att fortsätta');
    await summary.getByTestId('reauthenticate').click();

    await page.getByTestId('staff-reauthenticate-page').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/admin/logga-in-igen');
    expect(url.searchParams.get('tillbaka')).toBe('/admin/identitetstjanster');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bekräfta att det är du');
    // the person is known: no user name, only the proof
    expect(await page.getByLabel('Användarnamn').count()).toBe(0);
    await expectNoWcagViolations(page, 're-login page');

    // a wrong code is refused on the page, which stays
    await page.getByLabel('Lösenord').fill(admin.password);
    await page.getByLabel('Engångskod').fill(code(0) === '000000' ? '111111' : '000000');
    await page.getByTestId('staff-local-submit').click();
    await expect.poll(() => page.getByTestId('staff-login-error').textContent()).toContain('Inloggningen misslyckades');
    expect(new URL(page.url()).pathname).toBe('/admin/logga-in-igen');

    // the code of the next time step: the login's own code is used up
    await page.getByLabel('Lösenord').fill(admin.password);
    await page.getByLabel('Engångskod').fill(code(1));
    await page.getByTestId('staff-local-submit').click();
    await page.waitForURL(here);
    await page.getByRole('button', { name: 'Lägg till' }).click();
    // past the recent-login check: what is refused now is the empty form
    await expect.poll(() => summary.getByRole('heading').textContent()).not.toBe('Logga in igen för att fortsätta');
    expect(await summary.getByTestId('reauthenticate').count()).toBe(0);
    await page.close();
  });

  it('goes back only to a path on this site', async () => {
    const { app, browser } = suite;
    // the test app's administrator, whose login has no way to prove itself again on the page
    const page = await staffPage(browser, app);
    await page.goto(`${app.baseUrl}/admin/logga-in-igen?tillbaka=${encodeURIComponent('//evil.example/admin')}`);
    await page.getByTestId('staff-reauthenticate-page').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Logga ut och logga in igen');
    expect(await page.getByRole('link', { name: 'Tillbaka utan att bekräfta' }).getAttribute('href')).toBe('/admin');
    await page.close();
  });
});
