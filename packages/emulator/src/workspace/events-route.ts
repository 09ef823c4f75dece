import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { browserSession } from '../ui/session.js';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /events`: a Server-Sent Events stream per open workspace page. It says "change" when that person's
 * previews or connections change (a PATCH, an unfurl answer, a connection); the page then refetches its live
 * region. Streams are ended when the emulator closes, so `close()` never waits on an open tab.
 */
export function registerEventsRoute(app: FastifyInstance, context: EmulatorContext): void {
  const streams = new Set<ServerResponse>();

  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    streams.clear();
  });

  app.get('/events', (request, reply) => {
    const session = browserSession(context, request, reply);
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write('retry: 1000\n\n');
    streams.add(stream);
    const unsubscribe = context.events.subscribe((event) => {
      if (event.person !== undefined && event.person !== session.person.id) return;
      stream.write(`event: change\ndata: ${JSON.stringify({ reason: event.reason })}\n\n`);
    });
    const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => {
      unsubscribe();
      clearInterval(heartbeat);
      streams.delete(stream);
    };
    request.raw.on('close', cleanup);
    stream.on('close', cleanup);
  });
}
