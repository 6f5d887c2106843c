import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_PERSONS } from '../../server/src/simulators/bankid/simulator.js';
import { expectNoWcagViolations as scan } from './axe.js';
import { logInToMyPages } from './citizen.js';
import { demoPortalSuite } from './suite.js';

/**
 * The idle-timeout warning, two minutes before a session ends: a modal alertdialog that keeps
 * the session or ends it, in a real browser against the real session API. Sessions here last
 * 130 s idle, so the warning comes 10 s after each login or refresh.
 */
describe('the idle-timeout warning (browser)', () => {
  const portal = demoPortalSuite({ sessions: { idleSeconds: 130 } });

  it('keeps the session on Escape with focus back where it was, says so in the dialog when that fails, and logs out when asked', async () => {
    const page = await portal.browser.newPage();
    await logInToMyPages(portal, page, DEFAULT_TEST_PERSONS[0]!);
    const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const expiresAt = () =>
      page.evaluate(async () => Date.parse(((await (await fetch('/api/session', { headers: { 'x-session-touch': 'false' } })).json()) as { expiresAt: string }).expiresAt));
    await page.getByTestId('logout-button').focus();

    const dialog = page.getByRole('alertdialog', { name: 'Vill du fortsätta vara inloggad?' });
    await dialog.waitFor({ timeout: 20_000 });
    expect(await focusedTestId()).toBe('stay-logged-in-button');
    expect(await dialog.textContent()).toMatch(/loggas du ut klockan \d\d:\d\d om du inte väljer att fortsätta/);
    await scan(page, 'the idle-timeout warning');

    // Escape is "Fortsätt vara inloggad": the server extends the session, and focus goes back
    const before = await expiresAt();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedTestId()).toBe('logout-button');
    expect(await expiresAt()).toBeGreaterThan(before);

    // the next warning, with the server unreachable: the dialog stays and says why
    await page.route('**/api/session/refresh', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"title":"Unavailable","status":503}' }));
    await dialog.waitFor({ timeout: 20_000 });
    await page.getByTestId('stay-logged-in-button').click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Det gick inte att förlänga inloggningen. Försök igen.');
    expect(await dialog.isVisible()).toBe(true);

    await dialog.getByRole('button', { name: 'Logga ut' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('logged-in-name').count()).toBe(0);
    await page.close();
  });
});
