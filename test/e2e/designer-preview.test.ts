import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations as scan } from './axe.js';
import { previewFrame, previewOf } from './designer-preview.js';
import { longGroupEService } from './long-group.js';
import { appAndBrowser } from './suite.js';
import { staffPage } from './staff.js';

/**
 * The designer's preview is a page of its own (an iframe): the portal's media queries see 375 px
 * in mobile mode, keys typed there stay there, and the portal's focus handling finds its fields.
 */

const frameWidth = (page: Page) => previewFrame(page).evaluate((frame) => (frame as HTMLIFrameElement).contentWindow!.innerWidth);
/** The id of the focused element inside the preview's document */
const focusedInPreview = (page: Page) => previewOf(page).evaluate((body) => body.ownerDocument.activeElement?.id ?? '');
const focusedOnPage = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
const style = (element: Locator, property: string) => element.evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);

describe('the designer preview in its own frame', () => {
  const suite = appAndBrowser();

  it('is 375 px wide in mobile mode, where the portal’s small-screen rules apply, and not at desktop width', async () => {
    // a window where the designer lays out in one column: the preview's desktop width is then a desktop's
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1100, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/forskoleplats`);
    const next = previewOf(page).getByTestId('next-button');
    await next.waitFor();
    expect(await previewFrame(page).getAttribute('title')).toBe('Förhandsvisning');
    expect(await previewOf(page).evaluate((body) => body.ownerDocument.documentElement.lang)).toBe('sv');

    // shared/theme.css: below 40rem the wizard's buttons grow to share the row
    const smallScreen = () => previewOf(page).evaluate((body) => body.ownerDocument.defaultView!.matchMedia('(max-width: 40rem)').matches);
    expect(await frameWidth(page)).toBeGreaterThan(640);
    expect(await smallScreen()).toBe(false);
    expect(await style(next, 'flex-grow')).toBe('0');

    await page.locator('#preview-width-mobile').check();
    await expect.poll(() => frameWidth(page)).toBe(375);
    expect(await smallScreen()).toBe(true);
    expect(await style(next, 'flex-grow')).toBe('1');

    await page.locator('#preview-width-desktop').check();
    await expect.poll(() => style(next, 'flex-grow')).toBe('0');

    // the language follows the choice, on the frame's page
    await page.locator('#preview-lang-en').check();
    await expect.poll(() => previewOf(page).evaluate((body) => body.ownerDocument.documentElement.lang)).toBe('en');
    await page.close();
  });

  it('shows a desktop preview at a desktop’s width beside the canvas (drawn smaller where the column is narrower), below it in a narrow window', async () => {
    const smallScreen = (page: Page) => previewOf(page).evaluate((body) => body.ownerDocument.defaultView!.matchMedia('(max-width: 40rem)').matches);
    const left = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().left);
    const top = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top);
    for (const [width, beside] of [[1600, true], [1440, true], [1280, true], [1100, false]] as const) {
      const page = await staffPage(suite.browser, suite.app, { viewport: { width, height: 1000 } });
      await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/forskoleplats`);
      await previewOf(page).getByTestId('next-button').waitFor();
      expect(await frameWidth(page), `desktop preview at a ${width} px window`).toBeGreaterThan(640);
      expect(await smallScreen(page)).toBe(false);
      const fields = '.designer-fields';
      if (beside) {
        expect(await left(page, '.designer-preview-column')).toBeGreaterThan(await left(page, fields));
        // level with the canvas, not below the columns
        expect(Math.abs((await top(page, '.designer-preview-column')) - (await top(page, '.designer-canvas')))).toBeLessThan(50);
      } else expect(await top(page, '.designer-preview-column')).toBeGreaterThan(await top(page, fields));
      // the mobile preview sits where the desktop one did
      await page.locator('#preview-width-mobile').check();
      await expect.poll(() => frameWidth(page)).toBe(375);
      if (beside) expect(await left(page, '.designer-preview-column')).toBeGreaterThan(await left(page, fields));
      await page.close();
    }
  });

  it('shows the form’s own texts in the preview’s language while the designer stays in its own', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/forskoleplats`);
    const next = previewOf(page).getByTestId('next-button');
    await expect.poll(() => next.textContent()).toBe('Nästa');
    await page.locator('#preview-lang-en').check();
    await expect.poll(() => next.textContent()).toBe('Next');
    await next.click();
    await expect.poll(() => previewOf(page).getByTestId('error-summary').textContent()).toContain('There is a problem');
    // the designer around it is still Swedish, and the UI language the designer chose is untouched
    expect(await page.getByTestId('publish').textContent()).toBe('Publicera');
    expect(await page.evaluate(() => [document.documentElement.lang, localStorage.getItem('etjanst.language')])).toEqual(['sv', null]);
    await page.close();
  });

  it('fills the column at desktop width, follows its content’s height and takes the page’s stylesheets, also those added later', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/forskoleplats`);
    const preview = previewOf(page);
    await preview.getByTestId('next-button').waitFor();
    const column = await page.locator('.designer-preview-frame').evaluate((wrapper) => wrapper.clientWidth);
    expect(await frameWidth(page)).toBe(column);

    // one scrollbar: the frame is as tall as what it shows, also when the error summary comes
    const heights = () =>
      previewFrame(page).evaluate((frame) => {
        const inner = (frame as HTMLIFrameElement).contentDocument!;
        return { frame: frame.clientHeight, content: inner.documentElement.scrollHeight, page: Math.ceil(inner.querySelector('.designer-preview-page')!.getBoundingClientRect().height) };
      });
    await expect.poll(async () => { const h = await heights(); return h.frame === h.page && h.content <= h.frame; }).toBe(true);
    const before = (await heights()).frame;
    await preview.getByTestId('next-button').click();
    await preview.getByTestId('error-summary').waitFor();
    await expect.poll(async () => (await heights()).frame).toBeGreaterThan(before);
    await expect.poll(async () => { const h = await heights(); return h.frame === h.page && h.content <= h.frame; }).toBe(true);

    // a stylesheet the page gets later (as Vite adds a lazy chunk's <link>, from this origin as the
    // pages' CSP requires) reaches the frame, and leaves it with the page's
    const summary = preview.getByTestId('error-summary');
    const colour = await style(summary, 'background-color');
    await page.route('**/assets/added-later.css', (route) => route.fulfill({ contentType: 'text/css', body: '.error-summary { background-color: rgb(1, 2, 3); }' }));
    await page.evaluate(() => {
      const added = document.createElement('link');
      added.id = 'added-later';
      added.rel = 'stylesheet';
      added.href = '/assets/added-later.css';
      document.head.append(added);
    });
    await expect.poll(() => style(summary, 'background-color')).toBe('rgb(1, 2, 3)');
    await page.evaluate(() => document.getElementById('added-later')!.remove());
    await expect.poll(() => style(summary, 'background-color')).toBe(colour);
    await page.close();
  });

  it('keeps the portal’s focus handling inside the frame: the error summary, its links, the keyboard in and out', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 700 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/forskoleplats`);
    const preview = previewOf(page);
    await preview.getByTestId('next-button').waitFor();

    // Tab moves from the preview's controls into the frame and on out of it, Shift+Tab back
    await page.getByTestId('preview-restart').focus();
    await page.keyboard.press('Tab');
    expect(await focusedOnPage(page)).toBe('preview-frame');
    await expect.poll(() => focusedInPreview(page)).toBe('barnet_child_personalIdentityNumber');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedOnPage(page)).toBe('preview-restart');
    await preview.getByTestId('next-button').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedOnPage(page)).not.toBe('preview-frame');
    expect(await focusedOnPage(page)).not.toBe('BODY');

    await preview.getByTestId('next-button').click();
    // the summary takes focus in the frame's document and is scrolled into the window
    await expect.poll(() => focusedInPreview(page)).toBe('barnet-error-summary');
    const box = (await preview.getByTestId('error-summary').boundingBox())!;
    expect(box.y).toBeGreaterThan(-1);
    expect(box.y).toBeLessThan(700);
    // its link leads to the field, in the frame
    await preview.getByTestId('error-summary').getByRole('link').first().click();
    await expect.poll(() => focusedInPreview(page)).toBe('barnet_child_personalIdentityNumber');
    await page.close();
  });

  it('leaves keys typed in the preview to the preview: Ctrl+Z there does not undo the designer', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/felanmalan`);
    const labels = () => page.locator('.designer-fields .designer-field-label').allTextContents();
    await page.getByTestId('palette-short-text').click();
    await page.locator('#designer-prop-label-sv').fill('Närmaste adress');
    const withField = await labels();
    expect(withField).toContain('Närmaste adress');

    const input = previewOf(page).getByLabel('Närmaste adress');
    await input.fill('Storgatan 1');
    await input.press('Control+z');
    // the designer's history would have taken the label back by now (the handler acts on keydown)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    expect(await labels()).toEqual(withField);
    expect(await page.getByTestId('undo').getAttribute('aria-disabled')).toBe('false');

    // in the designer the same key undoes the designer's last change: the typed label, so the
    // field stays (had the preview's Ctrl+Z reached the designer, this would take the field away)
    await page.locator('#designer-prop-label-sv').press('Control+z');
    await expect.poll(() => labels()).not.toContain('Närmaste adress');
    expect(await labels()).toHaveLength(withField.length);
    await page.close();
  });

  it('shows the attachment widget in the frame, and axe scans the frame as part of the page', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/bygglov`);
    await page.getByRole('button', { name: /^3\. Ritningar/ }).click();
    const drawings = previewOf(page).locator('input[type="file"]');
    await expect.poll(() => drawings.count()).toBe(1);
    expect(await drawings.getAttribute('accept')).toContain('application/pdf');
    expect(await previewOf(page).getByText(/PDF/).count()).toBeGreaterThan(0);
    await scan(page, 'the preview with an attachment field');
    await page.locator('#preview-width-mobile').check();
    await scan(page, 'the mobile preview with an attachment field');
    // the scan does look inside the frame: an unlabelled input there fails it
    await previewOf(page).evaluate((body) => body.append(Object.assign(body.ownerDocument.createElement('input'), { type: 'text' })));
    await expect(scan(page, 'an unlabelled input in the preview')).rejects.toThrow(/"id": "label"/);
    await page.close();
  });

  it('pages a long repeating group inside the frame: a failed Next and the error summary reveal rows on other pages', async () => {
    // 30 rows, the 23rd without its required name: on page 2 of 2
    const rows = Array.from({ length: 30 }, (_, i) => (i === 22 ? {} : { name: `Barn ${i + 1}` }));
    expect((await call(suite.app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', longGroupEService(rows))).status).toBe(201);
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/barnlista`);
    const preview = previewOf(page);
    const pagerStatus = () => preview.locator('.repeat-pager [role="status"]').textContent();
    await expect.poll(() => pagerStatus()).toBe('Visar rad 1–20 av 30');

    await preview.getByTestId('next-button').click();
    await expect.poll(() => focusedInPreview(page)).toBe('barn-error-summary');
    await expect.poll(() => pagerStatus()).toBe('Visar rad 21–30 av 30');
    // back to page 1; the summary's link finds the row's page in the frame's document and focuses it
    await preview.getByLabel('Sida').selectOption('0');
    await expect.poll(() => pagerStatus()).toBe('Visar rad 1–20 av 30');
    await preview.getByTestId('error-summary').getByRole('link').first().click();
    await expect.poll(() => focusedInPreview(page)).toBe('barn_children_22_name');
    expect(await pagerStatus()).toBe('Visar rad 21–30 av 30');
    await page.close();
  });
});
