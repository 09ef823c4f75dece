import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendNotionError } from '../runtime/error-answers.js';
import type { Connection } from '../store/connection-store.js';
import { exchangeNotionCode } from './code-exchange.js';
import { identifyIntegration } from './identify-integration.js';
import { issueNotionTokens } from './issue-notion-tokens.js';
import { type RefreshGrant, readTokenRequest } from './read-token-request.js';
import { tokenAnswer } from './token-answer.js';

/**
 * `POST /v1/oauth/token` (SPEC §2 step 4): HTTP Basic with the Notion client id/secret, then either the code
 * exchange (`grant_type=authorization_code`, see `code-exchange.ts`) or Notion's refresh grant
 * (`grant_type=refresh_token`): a new pair, and the old refresh token refused from then on (rotation).
 */
export function registerOAuthTokenRoute(app: FastifyInstance, context: EmulatorContext): void {
  app.post('/oauth/token', async (request, reply) => {
    const client = identifyIntegration(context, request);
    if (!client.ok) return sendNotionError(request, reply, 'invalid_client', client.message);
    const reading = readTokenRequest(request.body, context.strict);
    if (!reading.ok) return sendNotionError(request, reply, reading.code, reading.message);
    if (reading.request.grant === 'refresh_token') {
      return refreshNotionTokens(context, request, reply, reading.request, client.integration.id);
    }
    const warnings = [...request.notionWarnings, ...reading.warnings];
    const exchanged = await exchangeNotionCode(context, reading.request, warnings, client.integration);
    if (!exchanged.ok) return sendNotionError(request, reply, 'invalid_grant', exchanged.message);
    return sendTokens(context, request, reply, exchanged.connection, exchanged.tokens);
  });
}

async function refreshNotionTokens(
  context: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  grant: RefreshGrant,
  integrationId: string,
): Promise<FastifyReply> {
  const tokens = issueNotionTokens(context);
  const connection = await context.store.connections.rotateNotionTokens(
    integrationId,
    grant.refreshToken,
    tokens,
    context.clock(),
  );
  if (!connection) {
    return sendNotionError(
      request,
      reply,
      'invalid_grant',
      'Invalid refresh token: it is unknown, was already used (each refresh issues a new one), or was revoked.',
    );
  }
  context.events.emit({ person: connection.person, reason: 'connected' });
  return sendTokens(context, request, reply, connection, tokens);
}

function sendTokens(
  context: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  connection: Connection,
  tokens: ReturnType<typeof issueNotionTokens>,
): FastifyReply {
  const answer = tokenAnswer({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresInSeconds: tokens.ttlSeconds > 0 ? tokens.ttlSeconds : null,
    botId: connection.botId,
    person: connection.person,
    owner: context.notionTokens.get().owner,
    workspaceId: context.workspaceId,
    requestId: request.notionRequestId,
  });
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
}
