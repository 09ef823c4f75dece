import type { FastifyInstance } from 'fastify';
import { checkBearer, sendBearerFailure } from '../oauth/bearer/bearer-auth.js';
import type { ServerContext } from '../server-context.js';

/**
 * The Deleted Token Callback (SPEC §1, §7.3): Notion says a person disconnected. The Bearer token alone says who:
 * every grant bound to that Notion connection is revoked (so all its access and refresh tokens die), and the
 * connection, with its Notion token and its previews, is forgotten. The body (`{user_id, workspace_id, bot_id}`
 * from Notion, undocumented) is not needed and not parsed, so no body can make this fail. Idempotent: a repeat
 * with the same, now revoked, token answers 200 again.
 */
export async function deletionRoute(
  app: FastifyInstance,
  { context }: { context: ServerContext },
): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) =>
    done(null, undefined),
  );
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    if ((error.statusCode ?? 500) < 500)
      return reply.code(413).send({ error: 'invalid_request', error_description: 'body too large' });
    request.log.error({ err: error }, 'deletion callback failed');
    return reply
      .code(500)
      .send({ error: 'server_error', error_description: 'internal error', request_id: request.id });
  });

  app.delete(context.config.paths.deletion, async (request, reply) => {
    const bearer = await checkBearer(request.headers.authorization, context, { acceptInactive: true });
    if (!bearer.ok) return sendBearerFailure(reply, bearer);
    const now = context.clock();
    const { connectionId } = bearer.grant;
    const revoked = await context.store.revokeGrantsOfConnection(connectionId, now);
    await context.store.deleteNotionConnection(connectionId);
    request.log.info({ connectionId, revokedGrants: revoked }, 'connection deleted by Notion');
    return reply.code(200).send({});
  });
}
