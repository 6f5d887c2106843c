import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../../server/src/test-support/staff.js';
import { expectNoWcagViolations } from './axe.js';
import { staffPage } from './staff.js';
import { appAndBrowser } from './suite.js';

/**
 * The approval workflow in the browser, with Ekdala's four-eyes rule on: a designer who is also
 * an approver sends a changed label for review and may not approve it; a second approver sees
 * the change against the published version and publishes it.
 */

const ESERVICE = 'felanmalan';
const NEW_LABEL = 'Vad vill du felanmäla?';
const VIEWPORT = { width: 1600, height: 1000 };
/** Closes the page's context and waits for it (closing only the page leaves its context closing while the browser is shut). */
const closed = (page: Page) => page.context().close();
const ekdala = (role: 'designer' | 'approver' | 'handler', departmentId: string | null = null) => ({ role, municipalityId: 'ekdala', departmentId });

describe('the approval workflow', () => {
  const suite = appAndBrowser();
  beforeAll(async () => {
    await sql`update municipalities set four_eyes = true where id = 'ekdala'`.execute(suite.app.database.db);
  });
  const catalogueVersion = async () =>
    ((await (await fetch(`${suite.app.baseUrl}/api/municipalities/ekdala/catalogue/${ESERVICE}`)).json()) as { version: number }).version;
  const as = async (grants: ReturnType<typeof ekdala>[], name: string): Promise<Page> =>
    staffPage(suite.browser, suite.app, { viewport: VIEWPORT }, await signInStaff(suite.app.database.db, grants, name));

  it('lets a second approver, not the designer, publish the change sent for review', async () => {
    const before = await catalogueVersion();

    // the designer changes the first field's label and sends the saved draft for review
    const designer = await as([ekdala('designer'), ekdala('approver')], 'Dana Designer');
    await designer.goto(`${suite.app.baseUrl}/admin/designer/ekdala/${ESERVICE}`);
    await designer.locator('.designer-fields .designer-field-select').first().click();
    await designer.locator('#designer-prop-label-sv').fill(NEW_LABEL);
    await expect.poll(() => designer.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    // under the four-eyes rule the designer offers sending for review, not publishing, even to an approver
    expect(await designer.getByTestId('publish').count()).toBe(0);
    await designer.getByTestId('send-for-review').click();
    const status = designer.getByTestId('review-status');
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('Väntar på granskning.');
    expect(await status.textContent()).toContain('Dana Designer');

    // on the review page the four-eyes rule keeps the designer from approving their own change
    await status.getByRole('link', { name: 'Öppna granskningen' }).click();
    await designer.getByTestId('own-change').waitFor();
    expect(await designer.getByTestId('own-change').textContent()).toContain('Du kan inte godkänna din egen ändring');
    expect(await designer.getByTestId('approve-now').count()).toBe(0);
    const reviewUrl = designer.url();
    await closed(designer);

    // a second approver finds it in the e-service list, sees the changed label and approves it
    const approver = await as([ekdala('approver')], 'Greta Godkännare');
    await approver.goto(`${suite.app.baseUrl}/admin?kommun=ekdala`);
    await approver.getByTestId('review-link').waitFor();
    expect(await approver.getByRole('button', { name: /^Publicera/ }).count()).toBe(0);
    await approver.getByTestId('review-link').click();
    await approver.getByRole('heading', { level: 1, name: /^Granskning av / }).waitFor();
    expect(approver.url()).toBe(reviewUrl);
    expect(await approver.getByTestId('review-requested-by').textContent()).toBe('Dana Designer');
    expect(await approver.getByTestId('review-diff').textContent()).toContain(`${NEW_LABEL} (category): etikett`);
    expect(await approver.getByTestId('review-verdict').getAttribute('data-verdict')).toBe('passed');
    await expectNoWcagViolations(approver, 'the review page');
    await approver.getByTestId('approve-now').click();
    await expect.poll(() => approver.getByTestId('review-decided').textContent(), { timeout: 60_000 }).toContain('Godkänd och publicerad.');
    expect(await catalogueVersion()).toBe(before + 1);

    // the approver does not design: the designer opens read-only, says why, and never saves
    const saves: string[] = [];
    approver.on('request', (request) => void (request.method() === 'PUT' && saves.push(request.url())));
    await approver.goto(`${suite.app.baseUrl}/admin/designer/ekdala/${ESERVICE}`);
    expect(await approver.getByTestId('read-only').textContent()).toContain('Endast läsning: att ändra utkastet kräver rollen formulärdesigner för Stadsbyggnadsförvaltningen.');
    for (const control of ['undo', 'save-status', 'palette-short-text', 'send-for-review', 'publish']) expect(await approver.getByTestId(control).count(), control).toBe(0);
    await approver.getByTestId('tab-settings').click();
    expect(await approver.getByTestId('settings-read-only').evaluate((fieldset) => (fieldset as HTMLFieldSetElement).disabled)).toBe(true);
    await expectNoWcagViolations(approver, 'the read-only designer');
    expect(saves).toEqual([]);
    await closed(approver);
  });

  it('returns a draft with a comment the designer reads, and schedules the next one', async () => {
    const designer = await as([ekdala('designer')], 'Dag Designer');
    const designerUrl = `${suite.app.baseUrl}/admin/designer/ekdala/${ESERVICE}`;
    const send = async () => {
      await designer.goto(designerUrl);
      await designer.getByTestId('send-for-review').click();
      await expect.poll(() => designer.getByTestId('review-status').textContent(), { timeout: 60_000 }).toContain('Väntar på granskning.');
    };
    const approver = await as([ekdala('approver')], 'Gustav Godkännare');
    const openPending = async () => {
      await approver.goto(`${suite.app.baseUrl}/admin?kommun=ekdala`);
      await approver.getByTestId('review-link').click();
      await approver.getByTestId('return-review').waitFor();
    };

    await send();
    await openPending();
    await approver.getByTestId('return-review').click(); // the comment is required: nothing is sent without it
    expect(await approver.getByTestId('review-page-status').textContent()).toBe('Väntar på granskning.');
    await approver.getByLabel(/Vad behöver ändras/).fill('Skriv en kortare etikett.');
    await approver.getByTestId('return-review').click();
    await expect.poll(() => approver.getByTestId('review-decided').textContent()).toContain('Återsänd för ändring.');

    await designer.goto(designerUrl);
    await expect.poll(() => designer.getByTestId('review-status').textContent()).toContain('Återsänd för ändring.');
    expect(await designer.getByTestId('review-comment').textContent()).toBe('Kommentar från Gustav Godkännare: Skriv en kortare etikett.');

    // sent again, it is approved for tomorrow at nine (the browser's local time, sent as an instant)
    await send();
    await openPending();
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T09:00`;
    await approver.getByLabel(/Publicera vid/).fill(local);
    await approver.getByTestId('approve-at').click();
    await expect.poll(() => approver.getByTestId('review-decided').textContent()).toContain('Godkänd för publicering vid en senare tidpunkt.');
    await closed(designer);
    await closed(approver);
  });

  it('does not open the designer for a handler', async () => {
    const handler = await as([ekdala('handler', 'utbildning')], 'Hugo Handläggare');
    await handler.goto(`${suite.app.baseUrl}/admin/designer/ekdala/${ESERVICE}`);
    await handler.getByTestId('not-authorised').waitFor();
    await closed(handler);
  });
});
