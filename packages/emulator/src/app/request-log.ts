import { redactUrl } from '@unfurlkit/core/http';
import type { FastifyInstance } from 'fastify';

/**
 * Our own request line instead of Fastify's, with secret query values (the callback's code and state)
 * masked.
 */
export function logRequestLines(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.url),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
