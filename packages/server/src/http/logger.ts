import { REDACTED_LOG_PATHS, REDACTION_CENSOR, redactUrl } from '@unfurlkit/core/http';
import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

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
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
      },
    },
  };
}

/** A logger for the server, writing to `destination` (stdout by default; tests pass a stream they read). */
export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
