import type { FastifyInstance } from 'fastify';
import { safeEqual } from '../crypto/tokens.js';
import { parseBearer } from '../oauth/bearer/parse-bearer.js';
import type { ServerContext } from '../server-context.js';
import type { UpdateService } from './update-service.js';

/** `GET /metrics` in Prometheus' text format; behind `Authorization: Bearer <METRICS_TOKEN>` when one is set. */
export async function metricsRoute(
  app: FastifyInstance,
  { context, updates }: { context: ServerContext; updates: UpdateService },
): Promise<void> {
  const token = context.config.metricsToken;
  app.get(context.config.paths.metrics, async (request, reply) => {
    if (token !== null) {
      const presented = parseBearer(request.headers.authorization) ?? '';
      if (!safeEqual(presented, token)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send({ error: 'invalid_token' });
      }
    }
    const registry = updates.metrics.registry;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
