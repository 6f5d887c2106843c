import { extensionFormats, registerExtension, SWEDISH_FORMATS } from '@etjanst/schemas';
import type { RegistryWidgetsType, RJSFSchema } from '@rjsf/utils';
import { clientExtensions } from 'virtual:etjanst-extensions';
import type { Answers } from '../portalApi';
import type { PortalFormContext } from './texts';

/**
 * The extensions this build bundles (EXTENSIONS at build time, the same setting the server
 * loads): registered here, before any form validates, so the catalogue knows their field types,
 * the portal's validator their formats and the theme their widgets.
 */
for (const extension of clientExtensions) registerExtension(extension);

/** Every string format the portal validates: the Swedish ones and the extensions'. */
export const platformFormats = { ...SWEDISH_FORMATS, ...extensionFormats() };

export const extensionWidgets = Object.assign(
  {},
  ...clientExtensions.map((extension) => extension.widgets ?? {}),
) as RegistryWidgetsType<Answers, RJSFSchema, PortalFormContext>;
