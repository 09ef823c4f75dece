import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestLineWriter } from './request-line.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a route adds to the request's one log line (e.g. the unfurl's rule and outcome); never a secret. */
    logFields: Record<string, string | number | boolean | null | undefined> | null;
  }
}

/**
 * Which answers get the request line (REQUEST_LOG): `all`; `failures`, only answers with status 400 and above;
 * `off`, none.
 *
 * Why not only `LOG_LEVEL`: at a busy Unfurl Callback the line is the largest single cost of an answer (a sixth
 * to a third of its CPU, BENCHMARKS.md, seventh round), while the refusals, warnings and errors are the lines
 * worth keeping; a load balancer's access log often records the successful requests already.
 */
export type RequestLogSetting = 'all' | 'failures' | 'off';

/**
 * One info line per request, written when the response is done: request id, method, URL (secret query values
 * redacted by the `req` serializer), client address, status, time, and what the route added with `addLogFields`.
 * Fastify's own pair of lines per request is off. `which` narrows the answers that get one (REQUEST_LOG).
 *
 * The line skips the redaction paths (request-line.ts writes it): at Notion's rate of unfurl calls, walking every
 * line for secrets cost about a sixth of the server's CPU, and this line cannot hold one. Its fields are the
 * `req` summary (no header, no body), the status, and route fields that are ids and outcomes by contract. Every
 * other line, from routes and plugins, is still redacted.
 */
export function logOneLinePerRequest(app: FastifyInstance, which: RequestLogSetting = 'all'): void {
  app.decorateRequest('logFields', null);
  if (which === 'off') return;
  const writeLine = requestLineWriter(app.log);
  const lowestStatus = which === 'failures' ? 400 : 0;
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode >= lowestStatus) writeLine({ request, reply, fields: request.logFields });
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
