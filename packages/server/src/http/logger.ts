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

const SECRET_QUERY_PARAMS = new Set([
  'code',
  'state',
  'access_token',
  'refresh_token',
  'client_secret',
  'token',
  'csrf',
  'password',
]);

/**
 * The request URL with the values of secret query parameters replaced. Names are compared as the query parser
 * reads them (percent-decoded, `+` as space, any case), so `?co%64e=…` is redacted like `?code=…`.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  // Everything after "?" is treated as query, a raw "#" included: a request target has no fragment, and the
  // query parser does not stop at one either.
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      return SECRET_QUERY_PARAMS.has(decodeName(name).toLowerCase()) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart + 1)}${query}`;
}

function decodeName(name: string): string {
  const spaced = name.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
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
