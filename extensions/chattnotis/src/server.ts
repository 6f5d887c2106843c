import type { ServerExtension } from '@etjanst/server/extension';
import { chatNoticeConnector } from './connector.js';

export { ChatNoticeOptions, chatNotice, chatNoticeConnector, type ChatNotice } from './connector.js';

/** The server part: the connector, which the server and every `npm run worker` install from EXTENSIONS. */
export const serverExtension: ServerExtension = { connectors: [chatNoticeConnector] };
