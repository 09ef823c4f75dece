import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { DATABASE_RETRY_AFTER_SECONDS, sendWireError } from '../http/wire-errors.js';
import { classifyDatabaseError } from '../store/database-fault.js';

/**
 * Readiness (`/readyz`): 200 `{status: "ready", database}` when the database answers one round trip within
 * DATABASE_TIMEOUT_MS, else 503 `temporarily_unavailable` with `Retry-After` and the reason in
 * `error_description` ("connection refused", "timed out"…), so a load balancer stops sending traffic and an
 * operator sees why. Liveness (`/healthz`) stays separate and touches nothing: a database outage is no reason to
 * restart the process, which recovers by itself when the database returns.
 */
export async function readinessRoute(
  app: FastifyInstance,
  { context }: { context: ServerContext },
): Promise<void> {
  app.get(context.config.paths.ready, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const database = await context.store.ping();
      return reply.code(200).send({ status: 'ready', database });
    } catch (error) {
      const fault = classifyDatabaseError(error);
      const reason = fault.kind === 'unavailable' ? fault.reason : 'the check query failed';
      request.log.warn({ reason, err: error }, 'not ready: the database did not answer');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendWireError(reply, 503, 'temporarily_unavailable', `the database is unavailable: ${reason}`);
    }
  });
}
