/**
 * What a request Fastify refused before any handler ran (unreadable or oversized body, wrong media type, or a
 * failure of the route itself) is answered with. Pure, so each route's policy is unit-tested.
 */
export type Refusal =
  | { status: number; error: 'invalid_request'; description: string }
  | { status: 500; error: 'server_error'; description: 'internal error' };

/** The part of a thrown error the answer depends on. */
export interface RefusedError {
  statusCode?: number;
  message: string;
}

const SERVER_ERROR: Refusal = { status: 500, error: 'server_error', description: 'internal error' };

/**
 * A protocol endpoint's refusal: a client's mistake is 413 (too large) or 400, described without echoing the
 * parser's message (it may quote the body); anything else is a 500 whose cause only the log sees.
 *
 * @example bodyRefusal({ statusCode: 415, message: '…' }, 'application/json')
 * // { status: 400, error: 'invalid_request', description: 'the body must be application/json' }
 */
export function bodyRefusal(error: RefusedError, mediaType: string | undefined): Refusal {
  const status = error.statusCode ?? 500;
  if (status >= 500) return SERVER_ERROR;
  if (status === 413) return { status, error: 'invalid_request', description: 'the body is too large' };
  const description = mediaType === undefined ? 'malformed request' : `the body must be ${mediaType}`;
  return { status: 400, error: 'invalid_request', description };
}

/**
 * The refusal for the product's own routes and the rest of the server: a client error keeps its status and its
 * message (Fastify's and the product's messages are written for the client); anything else is a 500.
 *
 * @example exposedRefusal({ statusCode: 404, message: 'no such item' })
 * // { status: 404, error: 'invalid_request', description: 'no such item' }
 */
export function exposedRefusal(error: RefusedError): Refusal {
  const status = error.statusCode ?? 500;
  if (status >= 500) return SERVER_ERROR;
  return { status, error: 'invalid_request', description: error.message };
}
