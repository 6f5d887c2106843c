import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Database } from '../../server/src/db/tables.js';
import type { DemoPortal } from './demo-portal.js';

/** A BankID test person of the simulator. */
export interface Citizen {
  personalNumber: string;
  givenName: string;
  surname: string;
}

export const stepHeading = (page: Page) => page.getByTestId('step-heading').textContent();

/** Sends the form from its summary step and reads what the database stored under the receipt number shown. */
export async function submitAndReadStoredAnswers(page: Page, db: Kysely<Database>): Promise<unknown> {
  await page.getByTestId('submit-button').click();
  const receipt = page.getByTestId('receipt-number');
  await receipt.waitFor();
  const stored = await db.selectFrom('submissions').select('answers').where('receipt_number', '=', ((await receipt.textContent()) ?? '').trim()).executeTakeFirstOrThrow();
  return stored.answers;
}

/** BankID on this device: the simulator's tester starts the app by the autostart token and approves as the person. */
export async function approveOnThisDevice(portal: DemoPortal, page: Page, personalNumber: string): Promise<void> {
  await page.getByTestId('bankid-this-device').click();
  const href = (await page.getByTestId('bankid-autostart-link').getAttribute('href'))!;
  const autoStartToken = new URL(href.replace('bankid:///', 'https://x/')).searchParams.get('autostarttoken');
  const { orderRef } = await portal.bankIdTester('/api/autostart', { autoStartToken });
  await portal.bankIdTester(`/api/orders/${orderRef}/approve`, { personalNumber });
}

const loggedInAs = (page: Page, person: Citizen) =>
  expect.poll(() => page.getByTestId('logged-in-name').textContent(), { timeout: 15_000 }).toContain(`${person.givenName} ${person.surname}`);

/** From an e-service's login gate, with BankID. */
export async function logInFromGate(portal: DemoPortal, page: Page, person: Citizen): Promise<void> {
  await page.getByTestId('login-link').click();
  await page.getByTestId('bankid-panel').waitFor();
  await approveOnThisDevice(portal, page, person.personalNumber);
  await loggedInAs(page, person);
}

/** Mina sidor's "Logga in i Solbacka", with BankID, back on Mina sidor. */
export async function logInToMyPages(portal: DemoPortal, page: Page, person: Citizen): Promise<void> {
  await page.goto(`${portal.app.baseUrl}/mina-sidor`);
  await page.getByRole('link', { name: /Logga in i Solbacka/ }).click();
  await page.getByTestId('bankid-panel').waitFor();
  await approveOnThisDevice(portal, page, person.personalNumber);
  await loggedInAs(page, person);
  await page.getByRole('heading', { level: 1, name: 'Mina sidor' }).waitFor();
}
