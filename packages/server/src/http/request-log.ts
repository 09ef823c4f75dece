import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a route adds to the request's one log line (e.g. the unfurl's rule and outcome); never a secret. */
    logFields: Record<string, string | number | boolean | null | undefined> | null;
  }
}

/**
 * One info line per request, written when the response is done: method, URL (secret query values redacted by
 * the `req` serializer), client address, status, time, and what the route added with `addLogFields`. Fastify's
 * own pair of lines per request is off: at Notion's rate of unfurl calls, every line costs (each one goes
 * through the logger's redaction).
 */
export function logOneLinePerRequest(app: FastifyInstance): void {
  app.decorateRequest('logFields', null);
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { req: request, res: reply, responseTime: reply.elapsedTime, ...request.logFields },
      'request completed',
    );
    done();
  });
}

/** Adds fields to the request's one log line. */
export function addLogFields(
  request: FastifyRequest,
  fields: NonNullable<FastifyRequest['logFields']>,
): void {
  request.logFields = request.logFields === null ? fields : { ...request.logFields, ...fields };
}
