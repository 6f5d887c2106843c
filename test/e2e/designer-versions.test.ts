import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '@etjanst/schemas';
import { expectNoWcagViolations as scan } from './axe.js';
import { announcement } from './designer-page.js';
import { staffPage } from './staff.js';
import { appAndBrowser } from './suite.js';

/** A published version made the draft again from the designer's versions view, and undone. */
describe('restoring a published version as the draft in the designer', () => {
  const suite = appAndBrowser();
  const draftUrl = () => `${suite.app.baseUrl}/api/municipalities/solbacka/eservices/felanmalan`;
  const serverDraft = async () =>
    (await (await fetch(draftUrl(), { headers: suite.app.administrator.headers })).json()) as { revision: number; definition: EServiceDefinition };

  it('asks first, shows the restored draft on the form, and undo brings back the draft before', async () => {
    // the draft moved on from version 1: another title
    const before = await serverDraft();
    const published = before.definition.catalogue.title.sv;
    const changed = { ...before.definition, catalogue: { ...before.definition.catalogue, title: { ...before.definition.catalogue.title, sv: 'Felanmälan, ny rubrik' } } };
    const saved = await fetch(draftUrl(), {
      method: 'PUT',
      headers: { ...suite.app.administrator.headers, 'content-type': 'application/json', 'if-match': `"${before.revision}"` },
      body: JSON.stringify(changed),
    });
    expect(saved.status).toBe(200);

    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1440, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/felanmalan`);
    const heading = page.locator('h1');
    await expect.poll(() => heading.textContent()).toContain('Felanmälan, ny rubrik');
    await page.getByTestId('tab-versions').click();
    const restore = page.getByTestId('restore-version-1');
    await restore.click();
    const dialog = page.getByTestId('restore-version-dialog');
    await expect.poll(() => dialog.textContent()).toContain('Återställa version 1 som utkast?');
    await scan(page, 'the restore confirmation');
    // Escape keeps the draft as it is
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await serverDraft()).revision).toBe(before.revision + 1);

    await restore.click();
    await page.getByTestId('restore-version-confirm').click();
    await expect.poll(() => heading.textContent()).toContain(published);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.getByTestId('version-restored').textContent()).toBe('Version 1 är återställd som utkast. Ångra tar tillbaka det tidigare utkastet.');
    expect(await announcement(page)).toBe('Version 1 är återställd som utkast. Ångra tar tillbaka det tidigare utkastet.');
    expect(await page.getByTestId('tab-form').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    const restored = await serverDraft();
    expect(restored.revision).toBe(before.revision + 2);
    expect(restored.definition.catalogue.title.sv).toBe(published);

    // undo: the draft before the restore, on screen and, once saved, on the server
    await page.getByTestId('undo').click();
    await expect.poll(() => heading.textContent()).toContain('Felanmälan, ny rubrik');
    await expect.poll(async () => (await serverDraft()).definition.catalogue.title.sv, { timeout: 10_000 }).toBe('Felanmälan, ny rubrik');
    expect((await serverDraft()).revision).toBe(before.revision + 3);
    await page.close();
  });
});
