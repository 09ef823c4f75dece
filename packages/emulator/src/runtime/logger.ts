import { REDACTED_LOG_PATHS, REDACTION_CENSOR } from '@unfurlkit/core/http';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';

/*
 * The emulator's logger. Secrets never reach it: request lines are logged by our own hook with the query
 * string's secret values masked (the OAuth callback carries `code`), and core's redaction paths cover a header or
 * token that ever slips into a log object.
 */

/** A pino logger with unfurlkit's redaction, for the CLI and for callers who pass none. */
export function createDefaultLogger(level = 'info'): FastifyBaseLogger {
  return pino({ level, redact: { paths: [...REDACTED_LOG_PATHS], censor: REDACTION_CENSOR } });
}

/** A logger that writes nothing (`logger: false`), still usable by code that logs unconditionally. */
export function createSilentLogger(): FastifyBaseLogger {
  return pino({ enabled: false });
}
