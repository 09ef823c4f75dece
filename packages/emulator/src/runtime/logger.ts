import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';

/**
 * The emulator's logger. Secrets never reach it: request lines are logged by our own hook with the query
 * string's secret values masked (the OAuth callback carries `code`), and these paths are redacted in case a
 * header or token ever slips into a log object.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.notionClientSecret',
  '*.clientSecret',
  '*.code',
  '*.token',
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'token',
];

/** A pino logger with unfurlkit's redaction, for the CLI and for callers who pass none. */
export function createDefaultLogger(level = 'info'): FastifyBaseLogger {
  return pino({ level, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } });
}

/** A logger that writes nothing (`logger: false`), still usable by code that logs unconditionally. */
export function createSilentLogger(): FastifyBaseLogger {
  return pino({ enabled: false });
}

const SECRET_QUERY_KEYS = new Set([
  'code',
  'state',
  'access_token',
  'refresh_token',
  'client_secret',
  'token',
]);

/** A URL or path with the values of secret query parameters replaced, safe to log. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_KEYS.has(key.toLowerCase())) params.set(key, 'redacted');
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}
