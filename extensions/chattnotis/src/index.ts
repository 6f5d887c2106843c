import type { PlatformExtension } from '@etjanst/schemas';

/** The connector type this package adds: `delivery.connectors[].type` in a definition. */
export const CONNECTOR_TYPE = 'chattnotis';

/**
 * What server and browser share: nothing for forms. The connector is server-only code, at
 * `./server` (`serverExtension`), which the client build never imports; the designer learns
 * of it from the server (GET /api/connector-types).
 */
export const extension: PlatformExtension = { id: 'chattnotis' };
