import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { safeEqual } from '../crypto/tokens.js';
import { useResourceErrors } from '../http/resource-errors.js';
import { parseBearer } from '../oauth/bearer/parse-bearer.js';
import type { ServerContext } from '../server-context.js';
import type { ChangeTarget } from './change-target.js';
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
  useResourceErrors(app);
  // The token is checked on the request line and headers, before the body is read: an anonymous caller gets a
  // 401 and no parsing work, whatever it sends.
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = parseBearer(request.headers.authorization);
    if (presented === undefined || !safeEqual(presented, token)) {
      return reply
        .code(401)
        .header('www-authenticate', `Bearer realm="unfurlkit"${presented ? ', error="invalid_token"' : ''}`)
        .send({
          error: presented ? 'invalid_token' : 'invalid_request',
          error_description: 'a valid CHANGES_API_TOKEN is required',
        });
    }
  };
  app.post(context.config.paths.changes, { onRequest: authenticate }, async (request, reply) => {
    const body = changeSchema.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send({
        error: 'invalid_request',
        error_description: 'the body must be {"uri"}, {"uris": [...]} or {"rule", "groups"}',
      });
    }
    const targets: ChangeTarget[] =
      'uris' in body.data ? body.data.uris : 'uri' in body.data ? [body.data.uri] : [body.data];
    let queued = 0;
    for (const target of targets) {
      try {
        queued += (await updates.changed(target)).queued;
      } catch (error) {
        if (error instanceof RangeError)
          return reply.code(400).send({ error: 'invalid_request', error_description: error.message });
        throw error;
      }
    }
    return reply.code(202).send({ queued });
  });
}
