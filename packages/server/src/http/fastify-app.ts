import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import { LIMITS } from '@unfurlkit/core';
import { requestTimeouts } from '@unfurlkit/core/http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { writeAnswersAtTurnEnd } from './answers-at-turn-end.js';
import { handleClientError } from './client-error.js';
import { lazyChildLogger } from './lazy-child-logger.js';
import { keepDefaultSchemaRules, lazySchemaCompilers } from './lazy-schema-compilers.js';
import { logOneLinePerRequest, type RequestLogSetting } from './request-log.js';
import { securityHeaders } from './security-headers.js';
import { useRootErrors } from './wire-errors.js';

/**
 * The Fastify instance every route is registered on, with what applies to all of them: a random request id
 * (never taken from the client) echoed as `x-request-id`, the proxy trust the configuration names, the body cap,
 * the slow-client cut (`REQUEST_TIMEOUT_MS`: headers and body must arrive within it, else 408 and the connection
 * closed), security headers, form bodies, and the root error answers. Cookies are parsed only where a browser comes
 * (`browserRoutes`).
 *
 * @example
 * const app = await createFastifyApp({ trustProxy: config.trustProxy, redirectUris: config.oauth.redirectUris }, logger);
 */
export async function createFastifyApp(
  settings: {
    trustProxy: boolean | number | string[];
    redirectUris: readonly string[];
    /** 0 or absent: Node's defaults. */
    requestTimeoutMs?: number;
    /** Which answers get the request line; absent: all. */
    requestLog?: RequestLogSetting;
  },
  logger: FastifyBaseLogger,
): Promise<FastifyInstance> {
  const { trustProxy } = settings;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    childLoggerFactory: lazyChildLogger,
    // One line per request instead of Fastify's two ("incoming request", "request completed"): see below.
    logController: new LogController({ disableRequestLogging: true }),
    // A hop count as proxy-addr reads one (Fastify's types omit the number form): trust the nearest n hops.
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    bodyLimit: LIMITS.maxPayloadBytes,
    clientErrorHandler: handleClientError(logger),
    schemaController: lazySchemaCompilers(),
    ...(settings.requestTimeoutMs
      ? {
          http: requestTimeouts(settings.requestTimeoutMs),
          // Fastify sets the server's requestTimeout after creating it: the same value, or it would undo ours.
          requestTimeout: settings.requestTimeoutMs,
        }
      : {}),
  });
  keepDefaultSchemaRules(app);
  // Set as the request arrives: every answer that runs the hooks carries it all the same.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  logOneLinePerRequest(app, settings.requestLog);
  // Before any other onSend hook: those run at the turn's end too, with the answer they shape.
  writeAnswersAtTurnEnd(app);
  await securityHeaders(app, settings.redirectUris);
  await app.register(formbody);
  useRootErrors(app);
  return app;
}
