import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EServiceDefinition } from '@etjanst/schemas';
import type { Config } from '../config.js';
import { deliverySettingsFrom, type DeliverySettings } from '../delivery/settings.js';
import type { MailSettings } from '../mail/sender.js';
import { startCaseManagementSimulator } from '../simulators/case-management/simulator.js';

/** The preschool area of each preschool, for routing applications by the first choice. */
const PRESCHOOL_AREAS: Record<string, string> = { solrosen: 'norr', ekbacken: 'norr', 'lilla-bjornen': 'centrum', tallgarden: 'syd', angsbacken: 'syd' };

/**
 * Demo delivery beyond the templates' own connectors: preschool applications go to the
 * preschool area of the first choice, with the child's name in the case title; the building
 * permit is also archived as an FGS package (under ARCHIVE_DIR).
 */
export function withDemoConnectors(definition: EServiceDefinition): EServiceDefinition {
  const connectors = definition.delivery.connectors.map((connector) =>
    definition.id === 'forskoleplats' && connector.type === 'case-management'
      ? {
          ...connector,
          options: {
            ...connector.options,
            titleTemplate: 'Förskoleplats {answers.child.givenName} {answers.child.surname} ({receiptNumber})',
            rules: Object.entries(PRESCHOOL_AREAS).map(([preschool, area]) => ({ field: 'preferredPreschools.0', equals: preschool, unit: `Förskoleområde ${area}` })),
          },
        }
      : connector,
  );
  if (definition.id === 'bygglov') connectors.push({ id: 'e-arkiv', type: 'e-archive', options: { folder: 'bygglov', schedule: 'per-submission' } });
  return { ...definition, delivery: { connectors } };
}

export interface DemoDelivery {
  settings: DeliverySettings;
  /** The case management simulator's page, when it runs */
  caseManagementUrl: string | undefined;
  close(): Promise<void>;
}

/** Demo mode keeps one DELIVERY_SECRET in the key folder, so links and webhook secrets survive a restart. */
async function demoSecret(keyDir: string): Promise<string> {
  const file = path.join(keyDir, 'delivery-secret');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString('base64url');
  await mkdir(keyDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Delivery for the running server. Demo mode starts the case management simulator (unless
 * CASE_MANAGEMENT_URL is set) and makes a DELIVERY_SECRET; e-mail goes where receipts go
 * (the mailbox simulator); e-archive packages go under ARCHIVE_DIR (data/archive).
 */
export async function startDelivery(config: Pick<Config, 'demo' | 'publicUrl' | 'delivery' | 'demoKeyDir'>, mail: MailSettings | undefined): Promise<DemoDelivery> {
  if (!config.demo) return { settings: deliverySettingsFrom(config, mail), caseManagementUrl: undefined, close: async () => {} };
  const secret = config.delivery.secret ?? (await demoSecret(config.demoKeyDir));
  const simulator = config.delivery.caseManagement ? undefined : await startCaseManagementSimulator({ series: 'DNR' });
  const caseManagement = config.delivery.caseManagement ?? (simulator && { url: simulator.url, authkey: simulator.authkey });
  return {
    settings: deliverySettingsFrom({ ...config, delivery: { ...config.delivery, secret, caseManagement } }, mail),
    caseManagementUrl: simulator?.pageUrl,
    close: async () => simulator?.close(),
  };
}
