import { OAUTH_ERROR_STATUS, SUPPORTED_GRANT_TYPES } from '@unfurlkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { sendServerFailure, sendWireError, useBodyErrors } from '../../http/wire-errors.js';
import type { FailureCounter } from '../../store/store.js';
import {
  credentialConflict,
  credentialsVerify,
  effectiveCredentials,
  readPresentedCredentials,
} from './client-credentials.js';
import type { Fail, RunTokenGrant } from './run-token-grant.js';

/**
 * `@node-oauth/oauth2-server` (and the model on it), loaded at the first request that reaches it rather than at
 * start-up: a server that only answers /unfurl between token refreshes never needs it, and every module loaded
 * at start-up costs start-up time and memory (~50 ms of CPU and ~4 MB measured by itself).
 */
let tokenGrant: Promise<RunTokenGrant> | undefined;
const loadTokenGrant = (): Promise<RunTokenGrant> => {
  tokenGrant ??= import('./run-token-grant.js').then(({ runTokenGrant }) => runTokenGrant);
  return tokenGrant;
};

/** Errors that count towards the brute-force limit: someone guessing secrets, codes or refresh tokens. */
const COUNTED_FAILURES = new Set(['invalid_client', 'invalid_grant']);

/**
 * The OAuth Token URL (SPEC §2 steps 6–7): `authorization_code` and `refresh_token` grants, client
 * authentication by `client_secret_post` or `client_secret_basic`. `@node-oauth/oauth2-server` runs the grants;
 * this route adds what it lacks: the grant-type allow-list, the two-methods conflict, the failure limit and
 * RFC 6749 §5.1's exact answer (`token_type` "bearer", `expires_in` from our configuration).
 */
export async function tokenRoute(
  app: FastifyInstance,
  { context }: { context: ServerContext },
): Promise<void> {
  const { config } = context;
  // In memory on SQLite; on PostgreSQL in the database, so the limits hold across every instance sharing it.
  const limiter = context.store.limits.failureCounter(
    'token',
    config.tokenFailureLimit.windowSeconds * 1000,
    context.clock,
  );

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  });

  // Fastify refusing the body (malformed, wrong media type, too large) is the client's invalid_request.
  useBodyErrors(app, 'application/x-www-form-urlencoded');

  app.post(config.paths.token, async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    const presented = readPresentedCredentials(request.headers.authorization, body);
    // Per IP: every counted failure. Per client: only failures of requests that proved the client's secret, and
    // only such requests are held back by it. The client_id is public (it is in every authorize URL), so a
    // stranger who knows it can neither fill Notion's counter nor be blocked by it: they hit the per-IP limit.
    const authenticated = credentialsVerify(presented, config.oauth);
    const ipKey = `ip:${request.ip}`;
    const clientKey = `client:${config.oauth.clientId}`;
    let wait: number;
    try {
      wait = await failureWait(limiter, config.tokenFailureLimit, {
        ipKey,
        clientKey: authenticated && clientKey,
      });
    } catch (error) {
      // The shared counter's database unavailable: 503 with Retry-After, as every other database failure here.
      return sendServerFailure(reply, error);
    }
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return sendWireError(
        reply,
        429,
        'invalid_request',
        `too many failed requests; retry in ${wait} seconds`,
      );
    }
    const fail = refusal(request, reply, () =>
      Promise.all([
        limiter.recordFailure(ipKey),
        authenticated ? limiter.recordFailure(clientKey) : undefined,
      ]),
    );

    const repeated = Object.keys(body).filter((name) => typeof body[name] !== 'string');
    if (repeated.length > 0) {
      // RFC 6749 §3.2: request parameters must not be included more than once.
      return fail('invalid_request', `parameter given more than once: ${repeated.join(', ')}`);
    }
    const conflict = credentialConflict(presented);
    if (conflict) return fail('invalid_request', conflict);
    const grantType = body.grant_type;
    if (typeof grantType !== 'string' || grantType === '')
      return fail('invalid_request', 'grant_type is missing');
    if (!(SUPPORTED_GRANT_TYPES as readonly string[]).includes(grantType)) {
      return fail('unsupported_grant_type', `grant_type must be ${SUPPORTED_GRANT_TYPES.join(' or ')}`);
    }
    const unasked = unaskedCodeVerifier(body);
    if (unasked) return fail('invalid_grant', unasked);
    const credentials = effectiveCredentials(presented, config.oauth);
    const runTokenGrant = await loadTokenGrant();
    return runTokenGrant(context, request, reply, libraryBody(body, credentials), fail);
  });
}

/**
 * How this request is refused: the RFC 6749 answer, after counting it (`count`) when it is a failure that
 * counts towards the brute-force limit. Counted before answering: the next request, on whichever instance,
 * sees it.
 */
function refusal(request: FastifyRequest, reply: FastifyReply, count: () => Promise<unknown>): Fail {
  return async (error, description, status = OAUTH_ERROR_STATUS[error]) => {
    if (COUNTED_FAILURES.has(error)) {
      await count().catch((countError: unknown) =>
        request.log.error({ err: countError }, 'could not count a failed token request'),
      );
    }
    request.log.info({ oauthError: error, description }, 'token request refused');
    return sendWireError(reply, status, error, description);
  };
}

/** Seconds the caller must wait: the longer of its IP's and (when it proved the secret) the client's. */
async function failureWait(
  limiter: FailureCounter,
  limits: { perIp: number; perClient: number },
  keys: { ipKey: string; clientKey: string | false },
): Promise<number> {
  const [perIp, perClient] = await Promise.all([
    limiter.retryAfter(keys.ipKey, limits.perIp),
    keys.clientKey ? limiter.retryAfter(keys.clientKey, limits.perClient) : 0,
  ]);
  return Math.max(perIp, perClient);
}

/**
 * RFC 9700 §2.1.1: a `code_verifier` is accepted only when the authorization request carried a
 * `code_challenge`, and ours never do (Notion does not use PKCE). Refused before the code is looked at, so the
 * code is not burnt: the library would consume it first and refuse after. The description, or undefined.
 */
export function unaskedCodeVerifier(body: Record<string, unknown>): string | undefined {
  if (body.grant_type !== 'authorization_code' || body.code_verifier === undefined) return undefined;
  return 'code_verifier given, but the authorization request had no code_challenge; the code is still usable';
}

/**
 * The body the library reads, with the client's credentials as we resolved them: in the form, where the library
 * takes them verbatim (it reads Basic raw, without RFC 6749 §2.3.1's decoding).
 */
function libraryBody(
  body: Record<string, unknown>,
  credentials: { id: string; secret?: string } | undefined,
): Record<string, unknown> {
  if (!credentials) return body;
  const { client_id: _id, client_secret: _secret, ...rest } = body;
  return credentials.secret === undefined
    ? { ...rest, client_id: credentials.id }
    : { ...rest, client_id: credentials.id, client_secret: credentials.secret };
}
