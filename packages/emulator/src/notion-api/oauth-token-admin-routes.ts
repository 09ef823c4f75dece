import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendNotionError } from '../runtime/error-answers.js';
import type { Connection } from '../store/connection-store.js';
import { identifyIntegration } from './identify-integration.js';

/** The `{token}` body of introspect and revoke, or undefined after answering 400 `invalid_request`. */
function readTokenBody(
  context: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): { token: string; integrationId: string } | undefined {
  const client = identifyIntegration(context, request);
  if (!client.ok) {
    void sendNotionError(request, reply, 'invalid_client', client.message);
    return undefined;
  }
  const token = (request.body as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') {
    void sendNotionError(request, reply, 'invalid_request', 'body.token should be a non-empty string.');
    return undefined;
  }
  return { token, integrationId: client.integration.id };
}

/**
 * Whether `token` is one of the connection's live Notion tokens: its access token before expiry, or its
 * refresh token (which does not expire, but works once).
 */
async function findLiveToken(
  context: EmulatorContext,
  { token, integrationId }: { token: string; integrationId: string },
): Promise<{ connection: Connection; kind: 'access' | 'refresh' } | undefined> {
  // Another integration's token is not one this integration may ask about.
  const ours = (connection: Connection | undefined) =>
    connection?.integrationId === integrationId ? connection : undefined;
  const byAccess = ours(await context.store.connections.findByNotionToken(token));
  if (byAccess) {
    const expired =
      byAccess.notionTokenExpiresAt !== null && context.clock() >= byAccess.notionTokenExpiresAt;
    return expired ? undefined : { connection: byAccess, kind: 'access' };
  }
  const byRefresh = ours(await context.store.connections.findByRefreshToken(token));
  return byRefresh ? { connection: byRefresh, kind: 'refresh' } : undefined;
}

/**
 * `POST /v1/oauth/introspect` (`{token}` → `{active, iat?, request_id}`; Notion's optional `scope` is not emulated) and `POST /v1/oauth/revoke`
 * (`{token}` → `{request_id}`), as in Notion's reference: HTTP Basic with the Notion client id/secret, Notion's
 * error envelope. Revoking either token of a connection ends both; revoking an unknown token is not an error
 * (RFC 7009 §2.2), so a best-effort revoke on disconnect never fails.
 */
export function registerOAuthTokenAdminRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.post('/oauth/introspect', async (request, reply) => {
    const token = readTokenBody(context, request, reply);
    if (token === undefined) return reply;
    const live = await findLiveToken(context, token);
    if (!live)
      return reply
        .header('cache-control', 'no-store')
        .send({ active: false, request_id: request.notionRequestId });
    const issuedAt = live.connection.notionTokenIssuedAt ?? live.connection.updatedAt;
    return reply.header('cache-control', 'no-store').send({
      active: true,
      iat: Math.floor(issuedAt / 1_000),
      request_id: request.notionRequestId,
    });
  });

  app.post('/oauth/revoke', async (request, reply) => {
    const token = readTokenBody(context, request, reply);
    if (token === undefined) return reply;
    const revoked = await context.store.connections.revokeByNotionToken(
      token.integrationId,
      token.token,
      `The integration revoked this connection's Notion token (POST /v1/oauth/revoke) at ${new Date(context.clock()).toISOString()}: it cannot push updates until it reconnects.`,
      context.clock(),
    );
    if (revoked) context.events.emit({ person: revoked.person, reason: 'connected' });
    return reply.send({ request_id: request.notionRequestId });
  });
}
