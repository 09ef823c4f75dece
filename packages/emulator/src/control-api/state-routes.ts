import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { listPreviewStates } from '../workspace/list-preview-states.js';
import { describeConnection } from './describe-connection.js';
import { requestedPerson } from './requested-person.js';

/** `GET /api/previews`, `GET /api/connections` (`?person=` optional), `DELETE /api/traffic`, `POST /api/idle`. */
export function registerStateRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.get('/previews', async (request) => ({
    previews: await listPreviewStates(context, requestedPerson(request.query)),
  }));

  app.get('/connections', async (request) => {
    const connections = await context.store.connections.list(requestedPerson(request.query), {
      includePending: true,
    });
    return {
      connections: connections.map((c) =>
        describeConnection(c, context.settings.byId(c.integrationId)?.settings.name ?? null),
      ),
    };
  });

  app.delete('/traffic', async () => {
    context.traffic.clear();
    return { cleared: true };
  });

  app.post('/idle', async () => {
    await context.tasks.idle();
    return { idle: true };
  });
}
