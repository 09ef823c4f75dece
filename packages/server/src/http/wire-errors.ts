import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { classifyDatabaseError, type UnavailableReason } from '../store/database-fault.js';
import { bodyRefusal, exposedRefusal, type Refusal } from './body-refusal.js';
import { type WireErrorCode, wireErrorBody } from './wire-error-body.js';

/**
 * The one way the server answers an error (docs/errors.md): every route and the root error and not-found
 * handlers go through these functions, so every error body is `{error, error_description?, request_id}`. The
 * protocols differ only in what surrounds the body: the token endpoint (RFC 6749 §5.2) adds `Cache-Control:
 * no-store` in its own hook and a Basic challenge on `invalid_client`; a bearer-protected resource (RFC 6750 §3)
 * adds its `WWW-Authenticate: Bearer` challenge on a 401. A database that cannot answer is a 503
 * `temporarily_unavailable` with `Retry-After` everywhere (`sendServerFailure`), never a 500.
 */

/**
 * Sends an error answer in the one shape.
 *
 * @example return sendWireError(reply, 400, 'invalid_request', 'grant_type is missing');
 */
export function sendWireError(
  reply: FastifyReply,
  status: number,
  error: WireErrorCode,
  description?: string,
): FastifyReply {
  return reply.code(status).send(wireErrorBody(error, description, reply.request.id));
}

/**
 * A bearer-protected resource's 401 (RFC 6750 §3): the challenge, and `invalid_request` when no token came or
 * `invalid_token` when the one that came is not good.
 *
 * @example
 * const refusal = checkStaticBearer(request.headers.authorization, token, 'metrics');
 * if (refusal) return sendBearerChallenge(reply, refusal, 'a valid METRICS_TOKEN is required');
 */
export function sendBearerChallenge(
  reply: FastifyReply,
  refusal: { error: 'invalid_request' | 'invalid_token'; challenge: string },
  description: string,
): FastifyReply {
  reply.header('www-authenticate', refusal.challenge);
  return sendWireError(reply, 401, refusal.error, description);
}

/**
 * What a client is told to wait when the database is unavailable. Short: an outage usually ends with a restart
 * or a failover measured in seconds, and Notion retries its calls anyway.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * When `error` means the database could not answer (unreachable, or too slow: `classifyDatabaseError`), logs
 * it, sets `Retry-After` and returns the reason; for any other error, does nothing and returns undefined.
 *
 * @example
 * if (prepareDatabaseUnavailable(reply, error)) return showErrorPage(reply, request, 503, …);
 */
export function prepareDatabaseUnavailable(
  reply: FastifyReply,
  error: unknown,
): UnavailableReason | undefined {
  const fault = classifyDatabaseError(error);
  if (fault.kind !== 'unavailable') return undefined;
  reply.request.log.warn({ reason: fault.reason, err: error }, 'database unavailable: answered 503');
  reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  return fault.reason;
}

/**
 * A failure that is not the client's: 503 `temporarily_unavailable` with `Retry-After` when the database is
 * unreachable or timed out (the same request will work once it is back), otherwise 500 `server_error`. The
 * cause goes to the log only.
 *
 * @example
 * } catch (error) { return sendServerFailure(reply, error); }
 */
export function sendServerFailure(reply: FastifyReply, error: unknown): FastifyReply {
  if (prepareDatabaseUnavailable(reply, error) !== undefined) {
    return sendWireError(reply, 503, 'temporarily_unavailable', 'the database is unavailable; retry later');
  }
  reply.request.log.error({ err: error }, 'request failed');
  return sendWireError(reply, 500, 'server_error', 'internal error');
}

function sendRefusal(reply: FastifyReply, refusal: Refusal, error: FastifyError): FastifyReply {
  if (refusal.error === 'server_error') return sendServerFailure(reply, error);
  reply.request.log.info({ code: error.code, status: refusal.status }, 'request refused');
  return sendWireError(reply, refusal.status, refusal.error, refusal.description);
}

/**
 * Errors thrown in a protocol endpoint's scope (Fastify refusing its body, or the handler failing) in the one
 * shape. `mediaType` is the body the endpoint reads, named when it could not; none for one that reads no body.
 *
 * @example useBodyErrors(app, 'application/x-www-form-urlencoded');
 */
export function useBodyErrors(app: FastifyInstance, mediaType?: string): void {
  app.setErrorHandler((error: FastifyError, _request, reply) =>
    sendRefusal(reply, bodyRefusal(error, mediaType), error),
  );
}

/**
 * Errors thrown in a browser-facing scope (the consent pages): the database being unavailable gets the page
 * `unavailable` renders (its status 503 and `Retry-After` are set already); anything else goes to `otherwise`,
 * by default answered as at the root.
 *
 * @example usePageErrors(app, (reply) => showErrorPage(reply, reply.request, 503, 'Try again', '…'));
 */
export function usePageErrors(
  app: FastifyInstance,
  unavailable: (reply: FastifyReply) => FastifyReply,
  otherwise: (error: FastifyError, reply: FastifyReply) => FastifyReply = (error, reply) =>
    sendRefusal(reply, exposedRefusal(error), error),
): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (prepareDatabaseUnavailable(reply, error) !== undefined) return unavailable(reply.code(503));
    return otherwise(error, reply);
  });
}

/**
 * The root handlers, for every route without its own (the product's routes, health, metrics): errors in the one
 * shape with their message shown, and `not_found` for a path nothing serves.
 *
 * @example useRootErrors(app); // in createServer, before the plugins are registered
 */
export function useRootErrors(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendWireError(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
  );
  app.setErrorHandler((error: FastifyError, _request, reply) =>
    sendRefusal(reply, exposedRefusal(error), error),
  );
}
