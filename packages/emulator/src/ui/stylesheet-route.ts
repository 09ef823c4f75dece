import type { FastifyInstance } from 'fastify';
import { STYLES } from './styles.js';

/** `GET /assets/emulator.css`: the one stylesheet, from our own origin like every asset the CSP allows. */
export function registerStylesheetRoute(app: FastifyInstance): void {
  app.get('/assets/emulator.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(STYLES),
  );
}
