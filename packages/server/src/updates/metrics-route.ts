import { checkStaticBearer } from '@unfurlkit/core/http';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { sendBearerChallenge } from '../http/wire-errors.js';
import type { UpdateService } from './update-service.js';

/** `GET /metrics` in Prometheus' text format; behind `Authorization: Bearer <METRICS_TOKEN>` when one is set. */
export async function metricsRoute(
  app: FastifyInstance,
  { context, updates }: { context: ServerContext; updates: UpdateService },
): Promise<void> {
  const token = context.config.metricsToken;
  app.get(context.config.paths.metrics, async (request, reply) => {
    if (token !== null) {
      const refusal = checkStaticBearer(request.headers.authorization, token, 'metrics');
      if (refusal) return sendBearerChallenge(reply, refusal, 'a valid METRICS_TOKEN is required');
    }
    const registry = updates.metrics.registry;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
