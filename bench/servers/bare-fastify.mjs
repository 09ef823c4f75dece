// (a) The ceiling: a bare Fastify route that sends the answer's bytes, no authentication, no database, no log.
// Started by the harness as its own process; listens on PORT at 127.0.0.1.
import Fastify from 'fastify';
import { ANSWER_BYTES } from './answer.mjs';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/unfurl', async (_request, reply) =>
  reply.type('application/json; charset=utf-8').send(ANSWER_BYTES),
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });

const stop = () => app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
