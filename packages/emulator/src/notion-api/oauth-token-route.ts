import { formatJsonPath, type NotionTokenResponse, notionTokenRequestSchema } from '@unfurlkit/core';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendNotionError } from '../runtime/error-answers.js';
import { CODE_LIFETIME_MS } from '../runtime/lifetimes.js';
import { findPerson, WORKSPACE_NAME } from '../runtime/people.js';
import { safeEqual } from '../runtime/safe-equal.js';
import { parseBasicAuth } from './credentials.js';

/**
 * `POST /v1/oauth/token` (SPEC §2 step 4): the integration trades Notion's code for the connection's Notion
 * access token. HTTP Basic with the Notion client id/secret; `external_account {key, name}` is required and
 * de-duplicates connections per person; codes are single-use and valid 10 minutes.
 */
export function registerOAuthTokenRoute(app: FastifyInstance, context: EmulatorContext): void {
  app.post('/oauth/token', async (request, reply) => {
    const credentials = parseBasicAuth(request.headers.authorization);
    const expected = context.settings.notionCredentials();
    if (!credentials) {
      return sendNotionError(
        request,
        reply,
        'invalid_client',
        'Client authentication is missing: send HTTP Basic auth with your Notion client id and secret.',
      );
    }
    // Both comparisons always run, so timing does not tell which part was wrong.
    const idOk = safeEqual(credentials.id, expected.clientId);
    const secretOk = safeEqual(credentials.secret, expected.clientSecret);
    if (!idOk || !secretOk) {
      return sendNotionError(request, reply, 'invalid_client', 'Invalid client credentials.');
    }

    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendNotionError(request, reply, 'invalid_request', 'The body must be a JSON object.');
    }
    const grantType = (body as { grant_type?: unknown }).grant_type;
    if (typeof grantType !== 'string' || grantType === '') {
      return sendNotionError(request, reply, 'invalid_request', 'body.grant_type should be defined.');
    }
    if (grantType === 'refresh_token') {
      return sendNotionError(
        request,
        reply,
        'invalid_grant',
        'This connection has no refresh token (Notion issued refresh_token: null); reconnect instead.',
      );
    }
    if (grantType !== 'authorization_code') {
      return sendNotionError(
        request,
        reply,
        'unsupported_grant_type',
        `Unsupported grant_type "${grantType}"; Link Preview integrations use "authorization_code".`,
      );
    }
    const parsed = notionTokenRequestSchema.safeParse(body);
    if (!parsed.success || parsed.data.grant_type !== 'authorization_code') {
      const issue = parsed.error?.issues[0];
      const where = issue
        ? formatJsonPath(['body', ...(issue.path as (string | number)[])]).slice(2)
        : 'body';
      return sendNotionError(request, reply, 'invalid_request', `${where}: ${issue?.message ?? 'invalid'}.`);
    }
    const { code, redirect_uri: redirectUri, external_account: account } = parsed.data;
    if (!account) {
      return sendNotionError(
        request,
        reply,
        'invalid_request',
        'body.external_account should be defined: Link Preview integrations send {key, name} of the account.',
      );
    }

    const now = context.clock();
    const authorization = await context.store.authorizations.findByCode(code);
    if (!authorization) {
      return sendNotionError(request, reply, 'invalid_grant', 'Invalid code: this code is unknown.');
    }
    if (now - authorization.createdAt > CODE_LIFETIME_MS) {
      return sendNotionError(
        request,
        reply,
        'invalid_grant',
        'Invalid code: this code has expired (10 minutes).',
      );
    }
    if (redirectUri !== undefined && redirectUri !== authorization.redirectUri) {
      return sendNotionError(
        request,
        reply,
        'invalid_grant',
        'Invalid redirect_uri: it does not match the one this code was issued for.',
      );
    }
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
      person: authorization.person,
      externalKey: account.key,
      externalName: account.name,
      notionToken: accessToken,
      now,
    });
    await context.store.authorizations.setConnection(code, connection.id);
    context.rateLimiter.forget(connection.id);
    context.events.emit({ person: connection.person, reason: 'connected' });

    const person = findPerson(authorization.person);
    const answer: NotionTokenResponse = {
      access_token: accessToken,
      token_type: 'bearer',
      refresh_token: null,
      bot_id: connection.botId,
      workspace_id: context.workspaceId,
      workspace_name: WORKSPACE_NAME,
      workspace_icon: null,
      owner: {
        type: 'user',
        user: {
          object: 'user',
          id: person?.userId ?? authorization.person,
          name: person?.name ?? authorization.person,
          avatar_url: null,
          type: 'person',
          person: { email: person?.email ?? '' },
        },
      },
      duplicated_template_id: null,
      request_id: request.notionRequestId,
    };
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
  });
}
