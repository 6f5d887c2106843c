import type { ConnectorPlugin } from '../delivery/connector.js';

/**
 * What the server part of an extension package may import from the platform, as
 * `@etjanst/server/extension`: the connector plugin contract the built-in connectors implement
 * (the plugin, its context, the delivery package it gets) and the small helpers they share. A
 * connector is server-only code (HTTP clients, files, credentials), so it lives at
 * `<package>/server`, which the client build never imports; what server and browser share
 * (field types, formats) stays in the package's main export and `@etjanst/schemas`.
 *
 * Every connector declares `strictlyConfidential: 'allowed' | 'refused'`: whether an e-service
 * classified strictly confidential may deliver through it (the must-requirement SK-GDPR-003
 * refuses publishing otherwise). Judge the channel's protection, not what is sent: a channel
 * others can read (e-mail, SMS, a chat) is 'refused', unless the connector sends no answers at
 * all (the example Chattnotis sends only the title and the receipt number: 'allowed'). A package
 * whose connector does not declare it stops the start.
 */
export interface ServerExtension {
  /** Delivery connectors: each `type` must be new to the platform (a lowercase slug) */
  connectors?: readonly ConnectorPlugin[];
}

export type { ConnectorContext, ConnectorPlugin } from '../delivery/connector.js';
export type { StrictlyConfidentialDelivery } from '@etjanst/schemas';
export { fetchTarget, PermanentDeliveryError, requireSuccess } from '../delivery/connector.js';
export type { DeliveryPackage } from '../delivery/package.js';
export type { DeliverySettings } from '../delivery/settings.js';
export type { OutboundPolicy } from '../delivery/outbound.js';
export type { ReceiptContent } from '../receipts/content.js';
