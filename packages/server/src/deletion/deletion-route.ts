import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { useBodyErrors } from '../http/wire-errors.js';
import { checkBearer, sendBearerFailure } from '../oauth/bearer/bearer-auth.js';
import { revokeAtNotion } from './revoke-at-notion.js';

/**
 * The Deleted Token Callback (SPEC §1, §7.3): Notion says a person disconnected. The Bearer token alone says who:
 * every grant bound to that Notion connection is revoked (so all its access and refresh tokens die), and the
 * connection, with its Notion token and its previews, is forgotten. The body (`{user_id, workspace_id, bot_id}`
 * from Notion, undocumented) is not needed and not parsed, so no body can make this fail. Idempotent: a repeat
 * with the same, now revoked, token answers 200 again and changes nothing. An expired token of a live grant
 * still works (Notion may hold a stale one); a token whose grant was revoked never acts. Notion's own token for the
 * connection is then revoked at Notion (`POST /v1/oauth/revoke`, best effort, bounded by `NOTION_TIMEOUT_MS`).
 */
export async function deletionRoute(
  app: FastifyInstance,
  { context }: { context: ServerContext },
): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) =>
    done(null, undefined),
  );
  useBodyErrors(app);

  app.delete(context.config.paths.deletion, async (request, reply) => {
    const bearer = await checkBearer(request.headers.authorization, context, { acceptInactive: true });
    if (!bearer.ok) return sendBearerFailure(reply, bearer);
    if (bearer.grant.revokedAt !== null) {
      // Already done (a repeat), or a grant we revoked ourselves (a replayed code, a reused refresh token):
      // either way this token must not act. A thief's revoked token cannot disconnect the person's current
      // grant of the same connection; a repeat still gets its 200.
      request.log.info({ grantId: bearer.grant.id }, 'deletion with a revoked grant: nothing to do');
      return reply.code(200).send({});
    }
    const now = context.clock();
    const { connectionId } = bearer.grant;
    const connection = await context.store.connections.find(connectionId);
    const revoked = await context.store.grants.revokeGrantsOfConnection(connectionId, now);
    await context.store.connections.delete(connectionId);
    request.log.info({ connectionId, revokedGrants: revoked }, 'connection deleted by Notion');
    // After our own records are gone, so a slow Notion delays the answer (by one NOTION_TIMEOUT_MS at most) but
    // never what the deletion means.
    if (connection) await revokeAtNotion(connection, context, request.log);
    return reply.code(200).send({});
  });
}
