import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the designer's live region said last (what a screen reader user hears after a change). */
export const announcement = (page: Page) => page.getByTestId('designer-announcement').textContent();

/** The selected field's Swedish label box in the property panel. */
export const labelBox = (page: Page) => page.locator('#designer-prop-label-sv');

/** Opens a section of the designer's settings tab; `designerPath`: municipality/e-service. */
export async function openSettingsSection(page: Page, baseUrl: string, designerPath: string, section: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/designer/${designerPath}`);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId(`settings-${section}`).click();
}

/** Adds a field from the palette to where the palette points and names it, once its label box has focus. */
export async function addField(page: Page, typeId: string, name: string): Promise<void> {
  await page.getByTestId(`palette-${typeId}`).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('designer-prop-label-sv');
  await labelBox(page).fill(name);
}

export interface NewEService {
  id: string;
  title: { sv: string; en?: string };
  summary: string;
  contact: { name: string; email: string };
}

/** Fills in "Ny e-tjänst" (an empty form) on the page it shows and starts building. */
export async function startNewEService(page: Page, eservice: NewEService): Promise<void> {
  await page.locator('#new-id').fill(eservice.id);
  await page.locator('#new-title-sv').fill(eservice.title.sv);
  if (eservice.title.en) await page.locator('#new-title-en').fill(eservice.title.en);
  await page.locator('#new-summary').fill(eservice.summary);
  await page.locator('#new-contact-name').fill(eservice.contact.name);
  await page.locator('#new-contact-email').fill(eservice.contact.email);
  await page.getByRole('button', { name: 'Börja bygga' }).click();
}
