import type { Static, TSchema } from '@sinclair/typebox';
import type { BilingualMessage, ConnectorType, LocalizedText, StrictlyConfidentialDelivery } from '@etjanst/schemas';
import type { Logger } from 'pino';
import type { DeliveryPackage } from './package.js';
import { fetchOutbound, OutboundTargetRefused } from './outbound.js';
import type { DeliverySettings } from './settings.js';

/**
 * A connector plugin (Open Forms' registration plugin shape): its type, an options schema per
 * e-service (TypeBox, so the designer renders its settings with rjsf from the JSON Schema; each
 * option's Swedish and English title and help in `optionTexts`),
 * `check` for "send test delivery" and `deliver` for a submission. A built-in connector is one
 * folder under connectors/ and one line in plugins.ts; an extension package brings its own at
 * `<package>/server` (see extensions/api.ts).
 */
export interface ConnectorPlugin<S extends TSchema = TSchema> {
  type: ConnectorType;
  title: LocalizedText;
  optionsSchema: S;
  /**
   * Whether it may carry the cases of an e-service classified strictly confidential (the must-
   * requirement SK-GDPR-003 refuses publishing otherwise). Judge the channel, not the content:
   * 'refused' when what it sends can be read or changed on the way or at rest outside the
   * municipality's protected systems (e-mail, SMS, a chat), 'allowed' when the channel protects it
   * (TLS to a system that is itself fit, a file area of the platform). The one exception: a
   * connector that sends no answers at all (like a chat notice with only the title and the
   * receipt number) is 'allowed' whatever its channel, since nothing confidential leaves by it.
   */
  strictlyConfidential: StrictlyConfidentialDelivery;
  /**
   * Whether it signs what it sends with a secret the receiver verifies (a webhook). The platform
   * then makes one per connector when it is first saved, shows it once, rotates it on request,
   * and gives it to the plugin as `context.signingSecrets()`; the definition never holds it.
   */
  signsWithSecret?: boolean;
  /** Checks settings, then connection and credentials, by sending a test delivery; returns what was done (shown to the designer in their language), throws when it failed */
  check(options: Static<S>, context: ConnectorContext): Promise<BilingualMessage>;
  /** Delivers one submission; returns the target's reference (case number, message id, folder) */
  deliver(delivery: DeliveryPackage, options: Static<S>, context: ConnectorContext): Promise<{ externalReference?: string }>;
}

export interface ConnectorContext {
  municipalityId: string;
  eserviceId: string;
  connectorId: string;
  settings: DeliverySettings;
  logger: Logger;
  /** Aborted when the attempt has taken too long */
  signal: AbortSignal;
  /**
   * The connector's signing secrets (plugins with `signsWithSecret`): the current one first, then
   * during a rotation's overlap the previous one, so a receiver verifies with either. Empty when
   * it has none.
   */
  signingSecrets(): Promise<string[]>;
}

/** A failure that no retry can fix (the target refused the content, options are invalid): the delivery goes to the dead letters at once. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/**
 * `fetch` to a connector's target under the installation's outbound policy, with the attempt's
 * signal. The error says only that the target could not be reached: the reason (refused
 * connection, unknown name) goes to the log, since telling them apart to the caller would make
 * test deliveries a port scanner. A target the policy refuses fails permanently.
 */
export async function fetchTarget(context: Pick<ConnectorContext, 'settings' | 'logger' | 'signal'>, url: string, init: RequestInit): Promise<Response> {
  const origin = new URL(url).origin;
  try {
    return await fetchOutbound(url, { ...init, signal: context.signal }, context.settings.outbound);
  } catch (error) {
    if (error instanceof OutboundTargetRefused) {
      context.logger.warn({ err: error }, 'delivery target refused by the outbound policy');
      throw new PermanentDeliveryError(`${origin} is not a target deliveries may reach (only public https addresses and the installation's OUTBOUND_ALLOWED_HOSTS)`);
    }
    if (context.signal.aborted) throw new Error(`${origin} did not answer in time`);
    context.logger.warn({ err: error, target: origin }, 'delivery target could not be reached');
    throw new Error(`${origin} could not be reached`);
  }
}

/**
 * Throws for a non-2xx answer: 4xx other than 408/429 is permanent (the request itself is wrong),
 * the rest may pass on a retry. The target's body goes to the log only: it is the target's, and
 * whoever reads the delivery's status needs only its status code.
 */
export async function requireSuccess(response: Response, what: string, context: Pick<ConnectorContext, 'logger'>): Promise<void> {
  if (response.ok) return;
  const body = (await response.text().catch(() => '')).slice(0, 2000);
  context.logger.warn({ target: what, status: response.status, body }, 'delivery target refused');
  const message = `${what} answered ${response.status}`;
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw permanent ? new PermanentDeliveryError(message) : new Error(message);
}
