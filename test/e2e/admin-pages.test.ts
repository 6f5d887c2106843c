import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@etjanst/schemas';
import { staffOidcLoginMethod } from '../../server/src/staff/oidc/plugin.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../../server/src/staff/sessions.js';
import { call } from '../../server/src/test-support/app.js';
import { signInStaff } from '../../server/src/test-support/staff.js';
import { expectNoWcagViolations } from './axe.js';
import { appAndBrowser } from './suite.js';

const EKDALA_ADMIN = [{ role: 'municipality-admin' as const, municipalityId: 'ekdala', departmentId: null }];

const PLATFORM_ADMIN = [{ role: 'platform-admin' as const, municipalityId: null, departmentId: null }];

/** Eva, Ekdala's municipality administrator, in a browser: a fresh login, so role changes need no new one. */
describe('administration pages: staff and roles, identity providers and group mappings, the audit log, operating messages', () => {
  // the OpenID Connect login is mounted (no provider of its own), so providers can be stored
  // (DELIVERY_SECRET seals a stored provider's client secret)
  const sealingKey = 'nyckel-for-lagrade-hemligheter-i-e2e';
  const suite = appAndBrowser({
    delivery: { settings: { secret: sealingKey }, worker: false },
    staffLoginMethods: ({ db, baseUrl }) => [staffOidcLoginMethod({ db, sessions: { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true }, publicUrl: baseUrl, timeoutSeconds: 1, sealingKey }, [])],
  });

  async function signedIn(grants: RoleGrant[], displayName: string): Promise<{ context: BrowserContext; page: Page; accountId: string }> {
    const staff = await signInStaff(suite.app.database.db, grants, displayName);
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = staff.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }]);
    return { context, page: await context.newPage(), accountId: staff.accountId };
  }
  const asEva = () => signedIn(EKDALA_ADMIN, 'Eva Admin');

  const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id);

  it('gives a handler a role in a department, shows a wrong personnummer at its field, removes the role, and shows the last administrator’s 409', async () => {
    const { context, page } = await asEva();
    try {
      await page.goto(`${suite.app.baseUrl}/admin?kommun=ekdala`);
      await page.getByRole('link', { name: 'Personal och roller' }).click();
      await page.getByRole('heading', { level: 1, name: 'Personal och roller – Ekdala kommun' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/ekdala/personal');
      expect(await page.getByTestId('staff-table').innerText()).toContain('Eva Admin');
      await expectNoWcagViolations(page, 'staff page');

      const pin = page.getByLabel('Personnummer');
      await pin.fill('19900101-2384');
      await page.getByLabel('Namn').fill('Hugo Handläggare');
      await page.getByLabel('E-postadress').fill('hugo@ekdala.example.se');
      await page.getByLabel('Roll', { exact: true }).selectOption('handler');
      await page.getByLabel('Förvaltning', { exact: true }).selectOption('utbildning');
      await page.getByRole('button', { name: 'Ge rollen' }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await activeTestId(page)).toBe('error-summary');
      expect(await pin.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#staff-personal-identity-number-error').innerText()).toContain('Personnumret ska ha formen');
      await expectNoWcagViolations(page, 'staff page with a field error');
      // the summary's link takes the keyboard to the field
      await page.getByTestId('error-summary').getByRole('link').click();
      expect(await activeTestId(page)).toBe('staff-personal-identity-number');

      await pin.fill('19900101-2385');
      await page.getByRole('button', { name: 'Ge rollen' }).click();
      await expect.poll(() => page.getByTestId('staff-notice').innerText()).toBe('Hugo Handläggare har fått rollen Handläggare, Utbildningsförvaltningen.');
      const hugo = page.getByRole('row', { name: /Hugo Handläggare/ });
      expect(await hugo.innerText()).toContain('19900101-2385');
      expect(await hugo.innerText()).toContain('Handläggare, Utbildningsförvaltningen');
      expect(await page.getByTestId('error-summary').count()).toBe(0);

      await page.getByRole('button', { name: 'Ta bort rollen Handläggare, Utbildningsförvaltningen för Hugo Handläggare' }).click();
      await expect.poll(() => page.getByTestId('staff-notice').innerText()).toBe('Rollen Handläggare, Utbildningsförvaltningen är borttagen för Hugo Handläggare.');
      expect(await hugo.count()).toBe(0);

      // with the test administrator's Ekdala administrator role gone, Eva is the last one: she cannot remove herself
      const register = await call(suite.app.baseUrl, 'GET', '/api/municipalities/ekdala/staff');
      const members = register.body.items as { id: string; grants: { id: string; role: string }[] }[];
      const administrator = members.find((member) => member.id === suite.app.administrator.accountId)!;
      const adminGrant = administrator.grants.find((grant) => grant.role === 'municipality-admin')!;
      expect((await call(suite.app.baseUrl, 'DELETE', `/api/municipalities/ekdala/staff/${administrator.id}/grants/${adminGrant.id}`)).status).toBe(204);
      await page.reload();
      await page.getByRole('button', { name: 'Ta bort rollen Kommunadministratör för Eva Admin' }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.getByTestId('error-summary').innerText()).toContain('Kommunen måste ha minst en kommunadministratör');
      expect(await activeTestId(page)).toBe('error-summary');
    } finally {
      await context.close();
    }
  });

  it('asks for a new login, with a link back, when the login is no longer recent', async () => {
    const { context, page, accountId } = await asEva();
    try {
      // the session began long ago: a role change needs a new login
      await suite.app.database.db.updateTable('staff_sessions').set({ authenticated_at: new Date(Date.now() - 24 * 3600 * 1000) }).where('account_id', '=', accountId).execute();
      await page.goto(`${suite.app.baseUrl}/admin/ekdala/personal`);
      await page.getByLabel('Personnummer').fill('19900101-2385');
      await page.getByLabel('Namn').fill('Hugo Handläggare');
      await page.getByLabel('E-postadress').fill('hugo@ekdala.example.se');
      await page.getByRole('button', { name: 'Ge rollen' }).click();
      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.innerText()).toContain('Logga in igen för att fortsätta');
      // an e-ID session proves itself again on the re-login page, then comes back
      expect(await summary.getByRole('link', { name: 'Logga in igen' }).getAttribute('href')).toBe(`/admin/logga-in-igen?tillbaka=${encodeURIComponent('/admin/ekdala/personal')}`);
    } finally {
      await context.close();
    }
  });

  it('lets a platform administrator add an identity provider (a plain-http issuer refused at its field) and find it in the installation’s audit log; Ekdala’s administrator maps a group of it to a role', async () => {
    const platform = await signedIn(PLATFORM_ADMIN, 'Petra Plattform');
    try {
      const { page } = platform;
      await page.goto(`${suite.app.baseUrl}/admin`);
      await page.getByRole('link', { name: 'Inloggningstjänster för personal' }).click();
      await page.getByRole('heading', { level: 1, name: 'Inloggningstjänster för personal' }).waitFor();
      await page.getByLabel('Id', { exact: true }).fill('ekdala-entra');
      await page.getByLabel('Namn på inloggningsknappen på svenska').fill('Ekdala kommuns inloggning');
      await page.getByLabel('Namn på inloggningsknappen på engelska').fill('Ekdala municipality login');
      await page.getByLabel('Utfärdare (issuer)').fill('http://login.ekdala.example.se');
      await page.getByLabel('Klient-id').fill('etjanst');
      await page.getByLabel('Klienthemlighet').fill('hemlig-klienthemlighet');
      await page.getByRole('button', { name: 'Lägg till' }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.getByLabel('Utfärdare (issuer)').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#idp-issuer-error').innerText()).toContain('https://');
      await expectNoWcagViolations(page, 'identity providers page with a field error');

      await page.getByLabel('Utfärdare (issuer)').fill('https://login.ekdala.example.se');
      await page.getByRole('button', { name: 'Lägg till' }).click();
      await expect.poll(() => page.getByTestId('idp-notice').innerText()).toBe('Ekdala kommuns inloggning är tillagd och kan användas för inloggning.');
      const row = page.getByRole('row', { name: /Ekdala kommuns inloggning/ });
      expect(await row.innerText()).toContain('Tillagd här');
      expect(await row.innerText()).toContain(`${suite.app.baseUrl}/api/staff/login/oidc/ekdala-entra/callback`);
      expect(await page.locator('body').innerText()).not.toContain('hemlig-klienthemlighet');

      // a group of it makes its members platform administrators (no role to choose: that is the only one here)
      expect(await page.getByLabel('Roll som gruppen ger').count()).toBe(0);
      await page.getByLabel('Inloggningstjänst', { exact: true }).selectOption('oidc:ekdala-entra');
      await page.getByLabel('Grupp', { exact: true }).fill('ekdala-it-drift');
      await page.getByRole('button', { name: 'Koppla' }).click();
      await expect.poll(() => page.getByTestId('idp-notice').innerText()).toBe('Gruppen ekdala-it-drift ger nu rollen Plattformsadministratör.');
      expect(await page.getByTestId('mappings-table').getByRole('row', { name: /ekdala-it-drift/ }).innerText()).toContain('Ekdala kommuns inloggning');
      await expectNoWcagViolations(page, 'identity providers page with a platform group mapping');

      // the change is in the installation's own audit log, which platform administrators search
      await page.goto(`${suite.app.baseUrl}/admin`);
      await page.getByRole('link', { name: 'Granskningslogg' }).click();
      await page.getByLabel('Logg', { exact: true }).selectOption('installation');
      await page.getByLabel('Händelse', { exact: true }).fill('identity-provider');
      await page.getByRole('button', { name: 'Sök', exact: true }).click();
      await page.waitForURL(/omfattning=installation/);
      const event = page.getByTestId('audit-table').getByRole('row', { name: /identity-provider\.created/ });
      expect(await event.innerText()).toContain('Petra Plattform');
      expect(await event.innerText()).toContain('Installationen');
      expect(await page.locator('body').innerText()).not.toContain('hemlig-klienthemlighet');
      await expectNoWcagViolations(page, 'audit log page');
    } finally {
      await platform.context.close();
    }

    const { context, page } = await asEva();
    try {
      await page.goto(`${suite.app.baseUrl}/admin/ekdala/personal`);
      await page.getByLabel('Inloggningstjänst', { exact: true }).selectOption('oidc:ekdala-entra');
      await page.getByLabel('Grupp', { exact: true }).fill('bygg-designers');
      await page.getByLabel('Roll som gruppen ger').selectOption('designer');
      await page.getByLabel('Gruppens förvaltning').selectOption('stadsbyggnad');
      await page.getByRole('button', { name: 'Koppla' }).click();
      await expect.poll(() => page.getByTestId('staff-notice').innerText()).toBe('Gruppen bygg-designers ger nu rollen Formulärdesigner, Stadsbyggnadsförvaltningen.');
      const mapping = page.getByTestId('mappings-table').getByRole('row', { name: /bygg-designers/ });
      expect(await mapping.innerText()).toContain('Ekdala kommuns inloggning');
      await expectNoWcagViolations(page, 'staff page with a group mapping');
    } finally {
      await context.close();
    }
  });

  it('posts a disruption that residents see on the catalogue, shows a missing English title at its field, and withdraws it', async () => {
    const { context, page } = await asEva();
    const catalogueNotices = async () => {
      const resident = await suite.browser.newPage();
      try {
        const answered = resident.waitForResponse((response) => response.url().includes('/municipalities/ekdala/operating-messages/in-force'));
        await resident.goto(`${suite.app.baseUrl}/ekdala`);
        await answered;
        await resident.locator('h1').waitFor();
        const live = resident.locator('[aria-live="polite"].operating-messages');
        return (await live.count()) === 0 ? '' : await live.innerText();
      } finally {
        await resident.close();
      }
    };
    try {
      await page.goto(`${suite.app.baseUrl}/admin?kommun=ekdala`);
      await page.getByRole('link', { name: /^Driftinformation/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Driftinformation – Ekdala kommun' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/ekdala/driftinformation');
      await expectNoWcagViolations(page, 'operating messages page');

      await page.getByLabel('Typ').selectOption('disruption');
      await page.getByLabel('Rubrik på svenska').fill('E-tjänsterna är långsamma');
      await page.getByLabel('Text på svenska').fill('Vi felsöker. Försök gärna igen senare.');
      await page.getByLabel('Text på engelska').fill('We are looking into it. Please try again later.');
      await page.getByRole('button', { name: 'Publicera meddelandet' }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.getByLabel('Rubrik på engelska').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#notice-title-en-error').innerText()).toContain('Skriv rubriken på engelska');
      await expectNoWcagViolations(page, 'operating messages page with a field error');

      await page.getByLabel('Rubrik på engelska').fill('The e-services are slow');
      await page.getByRole('button', { name: 'Publicera meddelandet' }).click();
      await expect.poll(() => page.getByTestId('notices-notice').innerText()).toBe('Meddelandet ”E-tjänsterna är långsamma” är publicerat.');
      const row = page.getByRole('row', { name: /E-tjänsterna är långsamma/ });
      expect(await row.innerText()).toContain('Störning');
      expect(await row.innerText()).toContain('Alla kommunens sidor');
      expect(await catalogueNotices()).toContain('E-tjänsterna är långsamma');

      await page.getByRole('button', { name: 'Dra tillbaka E-tjänsterna är långsamma' }).click();
      await expect.poll(() => page.getByTestId('notices-notice').innerText()).toBe('Meddelandet ”E-tjänsterna är långsamma” är tillbakadraget.');
      expect(await row.count()).toBe(0);
      expect(await catalogueNotices()).not.toContain('E-tjänsterna är långsamma');
    } finally {
      await context.close();
    }
  });
});
