import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleForm, TEMPLATES, type EServiceDefinition } from '../../schemas/src/index.js';
import { loadConfig } from '../../server/src/config.js';
import { templateFor } from '../../server/src/demo/seed.js';
import { loadExtensions } from '../../server/src/extensions/loader.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { submitAndReadStoredAnswers } from './citizen.js';

const EXTENSIONS = '@etjanst/extension-fastighetsbeteckning';
const clientRoot = fileURLToPath(new URL('../../client', import.meta.url));

/** A client built with EXTENSIONS set, as an operator builds it (the usual dist has none). */
async function buildClientWithExtensions(outDir: string): Promise<void> {
  await promisify(execFile)(path.join(clientRoot, '../node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: clientRoot,
    env: { ...process.env, EXTENSIONS },
  });
}

describe('an extension field type in the portal (client and server configured with EXTENSIONS)', () => {
  let app: TestApp;
  let browser: Browser;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = await mkdtemp(path.join(tmpdir(), 'etjanst-client-'));
    await buildClientWithExtensions(clientDir);
    await loadExtensions(loadConfig({ EXTENSIONS }).extensions);
    [app, browser] = await Promise.all([startTestApp({ clientDir }), launchChromium()]);
    const { form } = assembleForm([
      { id: 'fastighet', title: { sv: 'Fastigheten' }, fields: [{ key: 'property', typeId: 'fastighetsbeteckning', properties: { label: { sv: 'Fastighetsbeteckning' }, errorMessage: { sv: 'Skriv fastighetsbeteckningen, till exempel Ekdala Eken 4:12.' }, required: true } }] },
    ]);
    const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');
    // in Swedish only (must-requirement SK-TXT-001 asks labels in the enabled languages)
    const eservice: EServiceDefinition = { ...definition, languages: ['sv'], id: 'fastighet', form, receipt: { email: false, includeAnswers: true } };
    const base = '/api/municipalities/ekdala/eservices';
    expect((await call(app.baseUrl, 'POST', base, eservice)).status).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${base}/fastighet/publish`);
    expect(published.status, JSON.stringify(published.body.failedRules)).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (clientDir) await rm(clientDir, { recursive: true, force: true });
  });

  it('renders the widget, checks the format in the browser and the server stores the tidied value', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/ekdala/e-tjanster/fastighet`);
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Fastigheten/);
    const input = page.getByLabel('Fastighetsbeteckning');
    expect(await input.getAttribute('placeholder')).toBe('Solbacka Eken 4:12');

    await input.fill('Eken 4');
    await page.getByTestId('next-button').click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Fel: Skriv fastighetsbeteckningen, till exempel Ekdala Eken 4:12.');
    await expectNoWcagViolations(page, 'extension widget with an error');

    await input.fill('  Ekdala   Eken 4 : 12 ');
    await input.blur();
    await expect.poll(() => input.inputValue()).toBe('Ekdala Eken 4:12');
    await page.getByTestId('next-button').click();
    expect(await submitAndReadStoredAnswers(page, app.database.db)).toEqual({ property: 'Ekdala Eken 4:12' });
    await page.close();
  });
});
