import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { faultReport, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { Problem } from '../problems/problem.js';
import { BUILT_CLIENT_DIR } from '../test-support/app.js';
import { closeSharedBrowser } from './browser.js';
import { BrowserScanner } from './browser-scan.js';
import { chooseChromium, launchChromium, probeChromium, SHIPPED_VERSION } from './chromium.js';
import { PreviewStore } from './preview-store.js';

/** A machine without a system Chromium: nothing at the place it is looked for. */
const NO_SYSTEM_BROWSER = '/nonexistent/usr/bin/chromium';

/** What a real page shows in the browser. */
async function renderedText(settings: Parameters<typeof launchChromium>[0]): Promise<string> {
  const browser = await launchChromium(settings);
  try {
    const page = await browser.newPage();
    await page.goto(`data:text/html,${encodeURIComponent('<h1>Hej</h1><p id="x"></p><script>document.getElementById("x").textContent = "skript " + (6 * 7)</script>')}`);
    return `${await page.locator('h1').textContent()} ${await page.locator('#x').textContent()}`;
  } finally {
    await browser.close();
  }
}

describe('the browser the scan and the browser tests launch', () => {
  // the first use unpacks the shipped browser to the temp folder
  it('without CHROMIUM_PATH or a system Chromium, is the one shipped with @sparticuz/chromium, and renders a page', { timeout: 120_000 }, async () => {
    const choice = await chooseChromium({ systemPath: NO_SYSTEM_BROWSER });
    expect(choice.source).toBe('shipped');
    expect(choice.executablePath).not.toBe(NO_SYSTEM_BROWSER);
    expect(await renderedText({ systemPath: NO_SYSTEM_BROWSER })).toBe('Hej skript 42');
    const probe = await probeChromium({ systemPath: NO_SYSTEM_BROWSER });
    expect(probe).toEqual({ usable: true, description: expect.stringMatching(new RegExp(`^Chromium \\d+\\.[\\d.]+ shipped with @sparticuz/chromium ${SHIPPED_VERSION.replaceAll('.', '\\.')}$`)) });
  });

  it('is a system Chromium where one is installed', async () => {
    // any existing file stands for it: the choice does not start it
    expect(await chooseChromium({ systemPath: process.execPath })).toEqual({ source: 'system', executablePath: process.execPath });
  });

  it('is CHROMIUM_PATH when set, over a system and the shipped one, and is not replaced when it does not start', { timeout: 120_000 }, async () => {
    const shipped = (await chooseChromium({ systemPath: NO_SYSTEM_BROWSER })).executablePath;
    expect(await chooseChromium({ path: shipped, systemPath: process.execPath })).toEqual({ source: 'configured', executablePath: shipped });
    expect(await renderedText({ path: shipped, systemPath: process.execPath })).toBe('Hej skript 42');

    const missing = '/nonexistent/opt/chromium';
    expect(await chooseChromium({ path: missing })).toEqual({ source: 'configured', executablePath: missing });
    await expect(launchChromium({ path: missing })).rejects.toThrow(missing);
    const probe = await probeChromium({ path: missing });
    expect(probe.usable).toBe(false);
    expect(probe.description).toContain(`at ${missing} (CHROMIUM_PATH) cannot start`);
  });
});

describe('a scan whose browser cannot start', () => {
  afterEach(() => closeSharedBrowser());

  it('answers 503 browser-unavailable without the path, which goes to the log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const missing = '/nonexistent/opt/chromium-for-the-scan';
    const scanner = new BrowserScanner({ clientDir: BUILT_CLIENT_DIR, baseUrl: () => 'http://127.0.0.1:9', previews: new PreviewStore(), chromium: { path: missing }, logger, cache: false, maxQueued: 1 });
    const definition: EServiceDefinition = templateFor(faultReport, 'solbacka');
    const failure = await scanner.scan(definition).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Problem);
    const problem = failure as Problem;
    expect({ status: problem.status, code: problem.code }).toEqual({ status: 503, code: 'browser-unavailable' });
    expect(JSON.stringify(problem.detail)).not.toContain('/nonexistent');
    expect(problem.detail.en).toBe("The scan's browser could not be started. The server's log says why.");
    expect(lines.join('')).toContain(missing);
  });
});
