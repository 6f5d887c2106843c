import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { signInStaff, type StaffSignIn } from '../../server/src/test-support/staff.js';
import type { StaffLoginMethod } from '../../server/src/staff/login-methods.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { staffPage } from './staff.js';

/**
 * The staff pages in the browser: the guard sends anyone without a staff login to the staff
 * login page, a login without the page's role gets "Ingen behörighet", the header shows the
 * staff member, "Mina roller" lists the grants and logging out ends the login. The login
 * methods are declared as the installation would list them; their flows are tested with their plugins.
 */
const METHODS: StaffLoginMethod[] = [
  { id: 'oidc:solbacka', kind: 'oidc', name: { sv: 'Solbacka kommuns inloggning', en: 'Solbacka municipality login' }, startPath: '/api/staff/login/oidc/solbacka/start', routes: [] },
  { id: 'e-id', kind: 'e-id', name: { sv: 'BankID för medarbetare', en: 'BankID for staff' }, routes: [] },
  { id: 'local', kind: 'local', name: { sv: 'Lokal administratör', en: 'Local administrator' }, routes: [] },
];

describe('staff sign-in and roles in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let handler: StaffSignIn;
  let designer: StaffSignIn;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR, staffLoginMethods: METHODS }), launchChromium()]);
    handler = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'solbacka', departmentId: null }], 'Hanna Handläggare');
    designer = await signInStaff(
      app.database.db,
      [
        { role: 'designer', municipalityId: 'solbacka', departmentId: null },
        { role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null },
      ],
      'Disa Designer',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('without a staff login, /admin leads to the staff login page, which lists the methods and passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.baseUrl}/admin/statistik?kommun=solbacka`);
    await page.getByTestId('staff-login-page').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/admin/logga-in');
    expect(url.searchParams.get('tillbaka')).toBe('/admin/statistik?kommun=solbacka');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Logga in som medarbetare');
    const sso = page.getByTestId('staff-login-method-oidc:solbacka');
    expect(await sso.textContent()).toBe('Solbacka kommuns inloggning');
    expect(await sso.getAttribute('href')).toBe(`/api/staff/login/oidc/solbacka/start?returnTo=${encodeURIComponent('/admin/statistik?kommun=solbacka')}`);
    expect(await page.getByTestId('bankid-panel').getByRole('heading', { level: 2 }).textContent()).toBe('BankID för medarbetare');
    expect(await page.getByLabel('Användarnamn').count()).toBe(1);
    expect(await page.getByLabel('Lösenord').count()).toBe(1);
    expect(await page.getByLabel('Engångskod').count()).toBe(1);
    expect(await page.getByTestId('staff-name').count()).toBe(0);
    await expectNoWcagViolations(page, 'staff login page');

    // the local form says what is missing, in a summary that gets focus
    await page.getByLabel('Användarnamn').fill('admin');
    await page.getByTestId('staff-local-submit').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('staff-login-error');
    expect(await page.getByTestId('staff-login-error').getByRole('link').allTextContents()).toEqual(['Skriv ditt lösenord.', 'Skriv engångskoden, sex siffror.']);
    expect(await page.getByLabel('Lösenord').getAttribute('aria-invalid')).toBe('true');
    await expectNoWcagViolations(page, 'staff login page with errors');
    await page.close();
  });

  it('a handler opening the designer gets "Ingen behörighet" naming the roles it needs', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1280, height: 900 } }, handler);
    await page.goto(`${app.baseUrl}/admin/designer/solbacka/felanmalan`);
    await page.getByTestId('not-authorised').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ingen behörighet');
    expect(await page.getByTestId('required-roles').getByRole('listitem').allTextContents()).toEqual(['Formulärdesigner', 'Granskare', 'Kommunadministratör']);
    expect(await page.getByTestId('staff-name').textContent()).toBe('Inloggad som medarbetare: Hanna Handläggare');
    await expectNoWcagViolations(page, 'not authorised');
    // the start page offers the handler what the role allows, and no e-services
    await page.goto(`${app.baseUrl}/admin`);
    await page.getByTestId('no-eservices').waitFor();
    expect(await page.getByRole('link', { name: 'Handläggning av ärenden' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Leveranser/ }).count()).toBe(0);
    await page.close();
  });

  it('a designer sees the designer without publishing, the staff header and their roles; logging out ends the login', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1280, height: 900 } }, designer);
    await page.goto(`${app.baseUrl}/admin?kommun=solbacka`);
    const row = page.getByRole('row').filter({ hasText: 'Felanmälan och synpunkter' });
    await row.waitFor();
    // the admin table uses the screen's width: its last column is in view at 1280 px
    const actions = row.getByRole('cell').last();
    const box = await actions.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(1280);
    expect(await row.getByRole('button', { name: /Publicera/ }).count()).toBe(0);
    expect(await page.getByTestId('new-eservice').count()).toBe(1);
    // only the municipality where the designer may read e-services is offered
    expect(await page.locator('#admin-municipality option').allTextContents()).toEqual(['Solbacka kommun']);

    await page.goto(`${app.baseUrl}/admin/designer/solbacka/felanmalan`);
    await page.getByTestId('save-status').waitFor();
    expect(await page.getByTestId('publish').count()).toBe(0);
    expect(await page.getByTestId('staff-name').textContent()).toBe('Inloggad som medarbetare: Disa Designer');
    expect(await page.getByTestId('logged-in-name').count()).toBe(0); // never a citizen's name

    await page.getByRole('link', { name: 'Mina roller' }).click();
    await page.getByTestId('my-roles').waitFor();
    const rows = await page.getByTestId('my-roles').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['Statistikläsare', 'Ekdala kommun', 'Alla förvaltningar'],
      ['Formulärdesigner', 'Solbacka kommun', 'Alla förvaltningar'],
    ]);
    await expectNoWcagViolations(page, 'my roles');

    await page.getByTestId('staff-logout-button').click();
    await page.getByTestId('staff-login-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/logga-in');
    expect(await page.getByTestId('staff-login-notice').textContent()).toBe('Du har loggat ut.');
    expect(await page.getByTestId('staff-name').count()).toBe(0);
    // the session is gone on the server: a staff call with its cookie answers 401
    const after = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/eservices', undefined, { cookie: designer.cookie });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('staff-login-required');
    await page.goto(`${app.baseUrl}/admin`);
    await page.getByTestId('staff-login-page').waitFor();
    await page.close();
  });
});
