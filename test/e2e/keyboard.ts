import type { Page } from 'playwright-core';

/** Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user moves. */
export async function tabTo(page: Page, selector: string, backwards = false): Promise<void> {
  for (let presses = 0; presses < 600; presses++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
