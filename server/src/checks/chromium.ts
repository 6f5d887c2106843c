import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import shipped from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's chromium package puts the browser. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumSettings {
  /** CHROMIUM_PATH: the browser the operator chose; when set it is used, and must start */
  path?: string | undefined;
  /** Where a system Chromium is looked for before the shipped one (default /usr/bin/chromium) */
  systemPath?: string | undefined;
}

export type ChromiumChoice = { source: 'configured' | 'system' | 'shipped'; executablePath: string };

const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../..');
/** The version of @sparticuz/chromium installed, e.g. 143.0.4 */
export const SHIPPED_VERSION = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

/** Headless, with the flags this closed network needs; not the package's own (its single-process mode crashes new pages). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser to launch: CHROMIUM_PATH, else a system Chromium, else the one shipped with @sparticuz/chromium. */
export async function chooseChromium(settings: ChromiumSettings = {}): Promise<ChromiumChoice> {
  if (settings.path) return { source: 'configured', executablePath: settings.path };
  const systemPath = settings.systemPath ?? SYSTEM_CHROMIUM_PATH;
  if (existsSync(systemPath)) return { source: 'system', executablePath: systemPath };
  return { source: 'shipped', executablePath: await shippedExecutable() };
}

export async function launchChromium(settings: ChromiumSettings = {}): Promise<Browser> {
  const { executablePath } = await chooseChromium(settings);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

const where = (choice: ChromiumChoice) =>
  choice.source === 'shipped'
    ? `shipped with @sparticuz/chromium ${SHIPPED_VERSION}`
    : `at ${choice.executablePath}${choice.source === 'configured' ? ' (CHROMIUM_PATH)' : ''}`;

/**
 * Starts the browser once and says which it is, or why it cannot start, so that the server's
 * start tells what the first publish would otherwise find out: "Chromium 143.0.7499.169 shipped
 * with @sparticuz/chromium 143.0.4".
 */
export async function probeChromium(settings: ChromiumSettings = {}): Promise<{ usable: boolean; description: string }> {
  let choice: ChromiumChoice | undefined;
  try {
    choice = await chooseChromium(settings);
    const browser = await chromium.launch({ executablePath: choice.executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
    const version = browser.version();
    await browser.close();
    return { usable: true, description: `Chromium ${version} ${where(choice)}` };
  } catch (error) {
    const reason = (error instanceof Error ? error.message.split('\n')[0]! : String(error)).replace(/^browserType\.launch: /, '');
    return { usable: false, description: `Chromium ${choice ? `${where(choice)} ` : ''}cannot start: ${reason}` };
  }
}

let unpacked: Promise<string> | undefined;

/** The shipped binary, unpacked to the temp folder on first use (some seconds) and once per process. */
function shippedExecutable(): Promise<string> {
  unpacked ??= unpackShipped();
  unpacked.catch(() => {
    unpacked = undefined;
  });
  return unpacked;
}

/** A lock older than this was left by a process that died while unpacking. */
const STALE_LOCK_MS = 120_000;

/**
 * The package unpacks to fixed names in the temp folder and takes whatever it finds there as
 * done. Processes that start together (test workers, a server beside `npm run check`) would
 * launch a half-written binary, and one killed while unpacking would leave it for good. So one
 * process unpacks at a time, behind a lock folder, and a marker written after success says the
 * files are whole and of this version.
 */
async function unpackShipped(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the Chromium shipped with @sparticuz/chromium runs on Linux x64 only (this is ${process.platform} ${process.arch}): set CHROMIUM_PATH`);
  }
  shipped.setGraphicsMode = false;
  const marker = path.join(tmpdir(), 'etjanst-chromium.unpacked');
  const whole = async () => (await readFile(marker, 'utf8').catch(() => '')) === SHIPPED_VERSION;
  if (await whole()) return shipped.executablePath();
  const lock = path.join(tmpdir(), 'etjanst-chromium.lock');
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
    else await sleep(200);
  }
  try {
    if (await whole()) return await shipped.executablePath();
    // what an interrupted or older unpacking left (the package would take it as it is)
    await Promise.all(['chromium', 'fonts', 'libGLESv2.so'].map((name) => rm(path.join(tmpdir(), name), { recursive: true, force: true })));
    const executable = await shipped.executablePath();
    await writeFile(marker, SHIPPED_VERSION);
    return executable;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
