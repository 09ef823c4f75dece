import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendNotionError } from '../runtime/error-answers.js';
import { authenticateClient } from './authenticate-client.js';
import { checkAuthorizationCode } from './check-authorization-code.js';
import { readTokenRequest } from './read-token-request.js';
import { tokenAnswer } from './token-answer.js';

/**
 * `POST /v1/oauth/token` (SPEC §2 step 4): the integration trades Notion's code for the connection's Notion
 * access token. HTTP Basic with the Notion client id/secret; `external_account {key, name}` is required and
 * de-duplicates connections per person; codes are single-use and valid 10 minutes. The checks are the pure
 * functions imported above; this handler reads, calls them, and acts.
 */
export function registerOAuthTokenRoute(app: FastifyInstance, context: EmulatorContext): void {
  app.post('/oauth/token', async (request, reply) => {
    const client = authenticateClient(request.headers.authorization, context.settings.notionCredentials());
    if (!client.ok) return sendNotionError(request, reply, 'invalid_client', client.message);
    const reading = readTokenRequest(request.body);
    if (!reading.ok) return sendNotionError(request, reply, reading.code, reading.message);
    const { code, redirectUri, account } = reading.exchange;

    const now = context.clock();
    const check = checkAuthorizationCode(
      await context.store.authorizations.findByCode(code),
      redirectUri,
      now,
    );
    if (!check.ok) return sendNotionError(request, reply, 'invalid_grant', check.message);
    if (!(await context.store.authorizations.useCode(code, now))) {
      return sendNotionError(
        request,
        reply,
        'invalid_grant',
        'Invalid code: this code has already been used.',
      );
    }

    const accessToken = `ntn_${context.random.token(32)}`;
    const connection = await context.store.connections.upsertExchanged({
      newId: context.random.uuid(),
      newBotId: context.random.uuid(),
      person: check.authorization.person,
      externalKey: account.key,
      externalName: account.name,
      notionToken: accessToken,
      now,
    });
    await context.store.authorizations.setConnection(code, connection.id);
    context.rateLimiter.forget(connection.id);
    context.events.emit({ person: connection.person, reason: 'connected' });

    const answer = tokenAnswer({
      accessToken,
      botId: connection.botId,
      person: check.authorization.person,
      workspaceId: context.workspaceId,
      requestId: request.notionRequestId,
    });
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
  });
}
