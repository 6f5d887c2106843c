import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '@etjanst/schemas';
import { workingCopyKey } from '../../client/src/designer/workingCopy.js';
import { expectNoWcagViolations as scan } from './axe.js';
import { appAndBrowser } from './suite.js';
import { startNewEService } from './designer-page.js';
import { signInStaffBrowser } from './staff.js';

/**
 * Unsaved designer work survives a closed tab: a change the server could not be reached to save,
 * and a new e-service never stored (it is created once valid), are kept in the browser and
 * offered back on opening. A stored draft is saved even while invalid, with its problems.
 */

const VIEWPORT = { width: 1600, height: 1000 };
const fieldCount = (page: Page) => page.locator('.designer-fields .designer-field').count();
const saveState = (page: Page) => page.getByTestId('save-status').getAttribute('data-state');
/** The working copy the designer keeps for the e-service in this browser profile, as stored */
const storedCopy = (page: Page, eserviceId: string) => page.evaluate((key) => localStorage.getItem(key), workingCopyKey('solbacka', eserviceId));

describe('the designer’s working copy', () => {
  const suite = appAndBrowser();

  const draftUrl = (id: string) => `${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${id}`;
  /** A browser signed in as the test app's administrator. */
  async function staffContext(): Promise<BrowserContext> {
    const context = await suite.browser.newContext({ viewport: VIEWPORT });
    await signInStaffBrowser(context, suite.app);
    return context;
  }
  const serverDraft = async (id: string) =>
    (await (await fetch(draftUrl(id), { headers: suite.app.administrator.headers })).json()) as { revision: number; definition: EServiceDefinition; unfinished: boolean; problems: { code: string }[] };

  /** Opens the designer on the e-service with the server out of reach for saves, adds a short text and blanks its label. */
  async function leaveUnsaved(context: BrowserContext, eserviceId: string): Promise<number> {
    const page = await context.newPage();
    await page.route(draftUrl(eserviceId), (route) => (route.request().method() === 'PUT' ? route.abort('connectionfailed') : route.fallback()));
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/${eserviceId}`);
    await page.getByTestId('palette-short-text').click();
    await page.locator('#designer-prop-label-sv').fill('');
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('failed');
    await expect.poll(() => storedCopy(page, eserviceId)).not.toBeNull();
    const fields = await fieldCount(page);
    await page.close(); // as a closed tab: the designer never gets to save
    return fields;
  }

  it('brings back unsaved work after the tab was closed, as an undoable change saved unfinished, then valid', async () => {
    const context = await staffContext();
    const before = await serverDraft('felanmalan');
    const fields = await leaveUnsaved(context, 'felanmalan');
    expect((await serverDraft('felanmalan')).revision).toBe(before.revision);

    const page = await context.newPage();
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/felanmalan`);
    const dialog = page.getByTestId('working-copy');
    await expect.poll(() => dialog.textContent()).toMatch(/Du har osparade ändringar från \d+ \w+ \d{4} (kl\. )?\d{2}:\d{2}\./);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('working-copy-restore');
    expect(await page.getByTestId('working-copy-moved-on').count()).toBe(0);
    await scan(page, 'the working-copy dialog');
    expect(await fieldCount(page)).toBe(fields - 1);

    await page.getByTestId('working-copy-restore').click();
    await expect.poll(() => fieldCount(page)).toBe(fields);
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await expect.poll(() => page.getByTestId('designer-announcement').textContent()).toBe('Dina osparade ändringar är återställda. Ångra tar bort dem igen.');
    // the label is still empty: the server keeps the draft with its problem, and says so calmly
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Sparat \(revision \d+\) – 1 problem att rätta före granskning$/);
    expect(await page.locator('.problem[role="alert"]').count()).toBe(0);
    await expect.poll(() => storedCopy(page, 'felanmalan')).toBeNull();
    expect(await serverDraft('felanmalan')).toMatchObject({ unfinished: true, problems: [{ code: 'texts.empty-label' }] });

    // the restore is one undo step
    await page.getByTestId('undo').click();
    await expect.poll(() => fieldCount(page)).toBe(fields - 1);
    await page.getByTestId('redo').click();
    await expect.poll(() => fieldCount(page)).toBe(fields);

    // named, the field makes the draft valid: the autosave stores it and the working copy goes
    await page.locator('.designer-fields .designer-field-select').last().click();
    await page.locator('#designer-prop-label-sv').fill('Var ligger felet?');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Sparat \(revision \d+\)$/);
    await expect.poll(() => storedCopy(page, 'felanmalan')).toBeNull();
    const saved = await serverDraft('felanmalan');
    expect(saved).toMatchObject({ unfinished: false, problems: [] });
    expect(saved.revision).toBeGreaterThan(before.revision + 1);
    expect(Object.values(saved.definition.form.texts).map((text) => text.label.sv)).toContain('Var ligger felet?');
    await context.close();
  });

  it('discards the working copy when asked, and then opens without asking', async () => {
    const context = await staffContext();
    const fields = await leaveUnsaved(context, 'bygglov');
    const page = await context.newPage();
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/bygglov`);
    await page.getByTestId('working-copy-discard').click();
    await expect.poll(() => page.getByTestId('designer-announcement').textContent()).toBe('Dina osparade ändringar är kastade.');
    expect(await fieldCount(page)).toBe(fields - 1);
    expect(await storedCopy(page, 'bygglov')).toBeNull();
    await page.reload();
    await page.getByTestId('palette-short-text').waitFor();
    expect(await page.getByTestId('working-copy').count()).toBe(0);
    await context.close();
  });

  it('says when the server’s draft moved on since, and the restored copy meets the concurrent-edit refusal', async () => {
    const context = await staffContext();
    await leaveUnsaved(context, 'vuxenutbildning');
    // meanwhile someone else saves the draft
    const other = await fetch(draftUrl('vuxenutbildning'), { headers: suite.app.administrator.headers });
    const { definition } = (await other.json()) as { definition: EServiceDefinition };
    const changed = { ...definition, catalogue: { ...definition.catalogue, summary: { ...definition.catalogue.summary, sv: 'Ändrad av någon annan.' } } };
    const put = await fetch(draftUrl('vuxenutbildning'), { method: 'PUT', headers: { ...suite.app.administrator.headers, 'content-type': 'application/json', 'if-match': other.headers.get('etag') ?? '' }, body: JSON.stringify(changed) });
    expect(put.status).toBe(200);

    const page = await context.newPage();
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/vuxenutbildning`);
    await expect.poll(() => page.getByTestId('working-copy-moved-on').textContent()).toContain('Utkastet på servern har sparats igen sedan dess.');
    await page.getByTestId('working-copy-restore').click();
    await page.locator('.designer-fields .designer-field-select').last().click();
    await page.locator('#designer-prop-label-sv').fill('Nytt fält');
    await expect.poll(() => page.getByTestId('conflict').textContent(), { timeout: 10_000 }).toContain('Någon annan har ändrat');
    expect((await serverDraft('vuxenutbildning')).definition.catalogue.summary.sv).toBe('Ändrad av någon annan.');
    // the work is still kept in the browser
    expect(await storedCopy(page, 'vuxenutbildning')).toContain('Nytt fält');
    await context.close();
  });

  it('keeps a new e-service the server never got, listed under "Ny e-tjänst" to restore or discard', async () => {
    const context = await staffContext();
    const page = await context.newPage();
    for (const id of ['parkering-ny', 'buller-ny']) {
      await page.goto(`${suite.app.baseUrl}/admin/ny-e-tjanst/solbacka`);
      await startNewEService(page, {
        id,
        title: { sv: id === 'parkering-ny' ? 'Ansökan om parkeringstillstånd' : 'Anmälan om buller' },
        summary: 'Ansök om tillstånd.',
        contact: { name: 'Trafikenheten', email: 'trafik@solbacka.example.se' },
      });
      await page.getByTestId('palette-short-text').click();
      await page.locator('#designer-prop-label-sv').fill('');
      await expect.poll(() => storedCopy(page, id)).not.toBeNull();
    }
    expect((await fetch(draftUrl('parkering-ny'), { headers: suite.app.administrator.headers })).status).toBe(404);
    await page.close();

    const start = await context.newPage();
    await start.goto(`${suite.app.baseUrl}/admin/ny-e-tjanst/solbacka`);
    const unsaved = start.getByTestId('unsaved-new-eservices');
    await expect.poll(() => unsaved.textContent()).toContain('Ansökan om parkeringstillstånd (parkering-ny), ändrad');
    expect(await unsaved.textContent()).toContain('Anmälan om buller (buller-ny)');
    await scan(start, 'the unsaved new e-services');

    await start.getByRole('button', { name: 'Kasta Anmälan om buller' }).click();
    await expect.poll(() => unsaved.textContent()).not.toContain('buller-ny');
    expect(await storedCopy(start, 'buller-ny')).toBeNull();

    await start.getByRole('button', { name: 'Återställ Ansökan om parkeringstillstånd' }).click();
    await expect.poll(() => fieldCount(start)).toBe(1);
    expect(await start.getByTestId('working-copy').count()).toBe(0);
    await start.locator('.designer-fields .designer-field-select').click();
    await start.locator('#designer-prop-label-sv').fill('Registreringsnummer');
    await expect.poll(() => saveState(start), { timeout: 10_000 }).toBe('saved');
    expect((await serverDraft('parkering-ny')).definition.catalogue.title.sv).toBe('Ansökan om parkeringstillstånd');
    await expect.poll(() => storedCopy(start, 'parkering-ny')).toBeNull();
    await context.close();
  });
});
