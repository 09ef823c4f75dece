import { REDACTED_LOG_PATHS, REDACTION_CENSOR } from '@unfurlkit/core/http';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { markComposable, requestSummary } from './request-line.js';
import { turnBatchedStdout } from './stdout-destination.js';

/**
 * pino with every secret redacted (SECURITY: logs), by core's one list: headers that carry credentials, fields
 * that are secrets, and the secret query parameters of a request URL (Notion's `code` on the authorize URL).
 * The server also never logs a request body.
 */
const REDACTED_PATHS = [...REDACTED_LOG_PATHS, 'body'];

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTION_CENSOR },
    serializers: { req: requestSummary },
  };
}

/**
 * A logger for the server, writing to `destination` (by default stdout, a busy turn's lines in one write:
 * stdout-destination.ts; tests pass a stream they read). Its request lines are composed without pino's per-line
 * work (request-line.ts), which its options allow.
 */
export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  return markComposable(pino(loggerOptions(level), destination ?? turnBatchedStdout()));
}
