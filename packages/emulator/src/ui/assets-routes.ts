import type { FastifyInstance } from 'fastify';
import { WORKSPACE_SCRIPT } from '../workspace/workspace-script.js';
import { STYLES } from './styles.js';

/** The stylesheet and the workspace script, from our own origin so the CSP can forbid inline scripts. */
export function registerAssetRoutes(app: FastifyInstance): void {
  app.get('/assets/emulator.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(STYLES),
  );
  app.get('/assets/workspace.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(WORKSPACE_SCRIPT),
  );
}
