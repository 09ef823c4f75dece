import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * Errors of the bearer-protected endpoints in RFC 6750 §3.1's shape. Fastify raises these before a handler runs
 * (malformed JSON, wrong media type, oversized body): they are the client's mistake, so never a 500.
 */
export function useResourceErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send({ error: 'server_error', error_description: 'internal error', request_id: request.id });
    }
    const description =
      status === 413
        ? 'the body is too large'
        : status === 415
          ? 'the body must be application/json'
          : 'the body is not valid JSON';
    return reply
      .code(status === 413 ? 413 : 400)
      .send({ error: 'invalid_request', error_description: description });
  });
}
