import type { FastifyInstance } from 'fastify';
import { browserSession, checkCsrf, type SessionKeys } from '../ui/session.js';
import type { TrafficLog } from './traffic-log.js';
import { renderTrafficPage } from './traffic-page.js';

/** What the traffic page uses of the emulator; named here so this folder stays below the context. */
export interface TrafficPagesContext extends SessionKeys {
  traffic: TrafficLog;
}

/** `GET /traffic` (page), `GET /traffic.json` (`{entries}`, oldest first), `POST /traffic/clear`. */
export function registerTrafficRoutes(app: FastifyInstance, context: TrafficPagesContext): void {
  app.get('/traffic.json', async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ entries: context.traffic.list() });
  });

  app.get('/traffic', async (request, reply) => {
    const session = browserSession(context, request, reply);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderTrafficPage(context.traffic.list(), session.csrf));
  });

  app.post('/traffic/clear', async (request, reply) => {
    const session = browserSession(context, request, reply);
    if (checkCsrf(session, request.body)) context.traffic.clear();
    return reply.redirect('/traffic', 303);
  });
}
