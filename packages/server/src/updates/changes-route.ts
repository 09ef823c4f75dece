import { checkStaticBearer } from '@unfurlkit/core/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context/server-context.js';
import { sendBearerChallenge, sendWireError, useBodyErrors } from '../http/wire-errors.js';
import type { ChangeTarget } from '../integration/change-target.js';
import type { UpdateService } from './update-service.js';

const changeSchema = z.union([
  z.object({ uri: z.string().min(1).max(2_000) }).strict(),
  z.object({ uris: z.array(z.string().min(1).max(2_000)).min(1).max(1_000) }).strict(),
  z.object({ rule: z.string().min(1), groups: z.record(z.string(), z.string()) }).strict(),
]);

/**
 * `POST /unfurlkit/changes`: `changed()` over HTTP, for products written in other languages. Authenticated with
 * `Authorization: Bearer <CHANGES_API_TOKEN>`; registered only when that token is configured.
 * Body: `{"uri"}`, `{"uris": [...]}` or `{"rule", "groups"}`; answer 202 `{"queued": n}`.
 */
export async function changesRoute(
  app: FastifyInstance,
  { context, updates }: { context: ServerContext; updates: UpdateService },
): Promise<void> {
  const token = context.config.changesApiToken;
  if (token === null) return;
  useBodyErrors(app, 'application/json');
  // The token is checked on the request line and headers, before the body is read: an anonymous caller gets a
  // 401 and no parsing work, whatever it sends.
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const refusal = checkStaticBearer(request.headers.authorization, token, 'unfurlkit');
    if (refusal) return sendBearerChallenge(reply, refusal, 'a valid CHANGES_API_TOKEN is required');
  };
  app.post(context.config.paths.changes, { onRequest: authenticate }, async (request, reply) => {
    const body = changeSchema.safeParse(request.body);
    if (!body.success) {
      return sendWireError(
        reply,
        400,
        'invalid_request',
        'the body must be {"uri"}, {"uris": [...]} or {"rule", "groups"}',
      );
    }
    const targets: ChangeTarget[] =
      'uris' in body.data ? body.data.uris : 'uri' in body.data ? [body.data.uri] : [body.data];
    let queued = 0;
    for (const target of targets) {
      try {
        queued += (await updates.changed(target)).queued;
      } catch (error) {
        if (error instanceof RangeError) return sendWireError(reply, 400, 'invalid_request', error.message);
        throw error;
      }
    }
    return reply.code(202).send({ queued });
  });
}
