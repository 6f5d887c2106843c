import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_CATALOGUE, faultReport } from '@etjanst/schemas';
import { closeSharedBrowser } from '../../server/src/checks/browser.js';
import { sidewaysScroll } from '../../server/src/checks/page-checks.js';
import { templateFor } from '../../server/src/demo/seed.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source); // evaluated, not an inline script: the page's CSP refuses those
  return page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, WCAG_TAGS);
}

describe('the must-requirements page and an e-service’s accessibility statement in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR }), launchChromium()]);
    // published through the gate, so its statement rests on a browser scan
    const definition = { ...templateFor(faultReport, 'solbacka'), id: 'felanmalan-granskad' };
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', definition)).status).toBe(201);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/felanmalan-granskad/publish')).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await closeSharedBrowser();
    await app?.close();
  });

  it('shows every rule of the current catalogue, its history and the document to download', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Tekniska skall-krav' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tekniska skall-krav' }).waitFor();
    expect(page.url()).toBe(`${app.baseUrl}/skall-krav`);
    const headings = await page.getByTestId('rule-list').getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual(RULE_CATALOGUE.rules.map((r) => `${r.id}: ${r.title.sv}`));
    expect(await page.getByText(`Gällande version: ${RULE_CATALOGUE.version}.`).count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByTestId('catalogue-document').click();
    expect((await download).suggestedFilename()).toBe(`tekniska-skall-krav-${RULE_CATALOGUE.version}.html`);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('links the e-service page to its accessibility statement, with the DIGG structure', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/felanmalan-granskad`);
    await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    await page.waitForURL(`${app.baseUrl}/solbacka/e-tjanster/felanmalan-granskad/tillganglighet`);
    const statement = page.getByTestId('accessibility-statement');
    await statement.waitFor();
    expect(await statement.getByRole('heading', { level: 1 }).textContent()).toBe('Tillgänglighetsredogörelse för Felanmälan och synpunkter');
    expect(await statement.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Tillgänglighet för Felanmälan och synpunkter',
      'Hur tillgänglig är e-tjänsten?',
      'Innehåll som inte är tillgängligt',
      'Hur vi testat e-tjänsten',
      'Rapportera brister i e-tjänstens tillgänglighet',
      'Tillsyn',
    ]);
    expect(await statement.getByText('E-tjänsten är helt förenlig med lagen.').count()).toBe(1);
    expect(await statement.getByRole('link', { name: 'Anmäl bristande tillgänglighet till DIGG' }).getAttribute('href')).toBe(
      'https://www.digg.se/anmal-bristande-tillganglighet',
    );
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('does not scroll sideways at 320 px (WCAG 1.4.10): the requirements and their change table, an e-service page and its accessibility statement', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    const pages = [
      ['/skall-krav', page.getByTestId('rule-list')],
      ['/solbacka/e-tjanster/felanmalan-granskad', page.getByRole('link', { name: 'kontaktcenter@solbacka.example.se' })],
      ['/solbacka/e-tjanster/felanmalan-granskad/tillganglighet', page.getByTestId('accessibility-statement')],
    ] as const;
    for (const [address, shown] of pages) {
      await page.goto(`${app.baseUrl}${address}`);
      await shown.waitFor();
      expect(await page.evaluate(sidewaysScroll), address).toEqual({ overflow: 0, targets: [] });
    }
    // the change table scrolls in its own named region instead
    expect(await page.goto(`${app.baseUrl}/skall-krav`).then(() => page.getByRole('region', { name: 'Ändringshistorik' }).count())).toBe(1);
    await page.close();
  });
});
