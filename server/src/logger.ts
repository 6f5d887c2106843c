import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs; personal data (answers, identity numbers) is never logged. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'answers', '*.answers'], remove: true },
  });
}
