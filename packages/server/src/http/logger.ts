import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * pino with every secret redacted (SECURITY: logs). Headers that carry credentials, body fields that are
 * secrets, and the query parameters of the authorize URL (Notion's `code`) never reach the log.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.client_secret',
  '*.code',
  '*.access_token',
  '*.refresh_token',
  '*.password',
  '*.csrf',
  'body',
];

const SECRET_QUERY_PARAMS =
  /([?&](?:code|state|access_token|refresh_token|client_secret|token|csrf|password)=)[^&#]*/gi;

/** The request URL with the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[REDACTED]');
}

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
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
