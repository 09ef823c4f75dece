import OAuth2Server from '@node-oauth/oauth2-server';
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from '@unfurlkit/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { addLogFields } from '../../http/request-log.js';
import { sendServerFailure } from '../../http/wire-errors.js';
import { createOAuthModel } from './oauth-model.js';

const { OAuthError, Request, Response } = OAuth2Server;

/** How the token route refuses a request: RFC 6749's answer, counted towards the failure limit when it counts. */
export type Fail = (error: OAuthErrorCode, description: string, status?: number) => Promise<FastifyReply>;

export type RunTokenGrant = typeof runTokenGrant;

/**
 * Runs an `authorization_code` or `refresh_token` grant the token route has already checked (grant type,
 * credentials, limits) through `@node-oauth/oauth2-server` and the store's model, and answers RFC 6749 §5.1's
 * success or §5.2's error. Its own module so the library is loaded at the first token request (token-route.ts).
 */
export async function runTokenGrant(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown>,
  fail: Fail,
): Promise<FastifyReply> {
  const { config } = context;
  const oauth = new OAuth2Server({
    model: createOAuthModel(context, { redirectUri: body.redirect_uri }),
    // The library insists on positive lifetimes; ours (0 = never) are applied by the model.
    accessTokenLifetime: config.oauth.accessTokenTtl || 3600,
    refreshTokenLifetime: config.oauth.refreshTokenTtl || 3600,
    alwaysIssueNewRefreshToken: true,
  });
  // Without the Authorization header: the credentials it held are in the body now (libraryBody).
  const { authorization: _authorization, ...headers } = request.headers;
  const libraryRequest = new Request({
    body,
    headers: headers as Record<string, string>,
    method: request.method,
    query: {},
  });
  const libraryResponse = new Response({ headers: {} });
  try {
    const token = await oauth.token(libraryRequest, libraryResponse);
    const answer: Record<string, unknown> = { access_token: token.accessToken, token_type: 'bearer' };
    if (config.oauth.accessTokenTtl > 0) answer.expires_in = config.oauth.accessTokenTtl;
    if (token.refreshToken) answer.refresh_token = token.refreshToken;
    if (token.scope && token.scope.length > 0) answer.scope = token.scope.join(' ');
    // On the request's one line (docs/deployment.md), not a line of its own through the redaction pass.
    addLogFields(request, { grantType: String(body.grant_type), grantId: token.user.grantId });
    return reply.code(200).send(answer);
  } catch (error) {
    if (error instanceof OAuthError && error.name === 'invalid_client' && request.headers.authorization) {
      // RFC 6749 §5.2: a client that tried the Authorization header gets a challenge, also when the header was
      // not even well-formed Basic (the library challenges only when it could parse it).
      reply.header('www-authenticate', 'Basic realm="unfurlkit"');
    }
    if (
      !(error instanceof OAuthError) ||
      error.name === 'server_error' ||
      !(error.name in OAUTH_ERROR_STATUS)
    ) {
      // The database down or too slow: 503 temporarily_unavailable with Retry-After; anything else a 500.
      return sendServerFailure(reply, error);
    }
    const name = error.name as OAuthErrorCode;
    // RFC 6749 §5.2: invalid_client is 401 (the library answers 400 when Basic was not used).
    return fail(name, error.message, name === 'invalid_client' ? 401 : OAUTH_ERROR_STATUS[name]);
  }
}
