import type { Locator, Page } from 'playwright-core';

/** The designer preview's iframe element. */
export const previewFrame = (page: Page): Locator => page.getByTestId('preview-frame');

/** What the preview shows: the body of its iframe, where the portal's form is drawn. */
export const previewOf = (page: Page): Locator => previewFrame(page).contentFrame().locator('body');
