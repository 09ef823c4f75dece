import type { ServerOptions } from 'node:http';

/** What a slow or hostile client may cost: how long a request may take to arrive, headers and body. */
export interface RequestTimeouts {
  /** Node's `requestTimeout`: the whole request (headers and body) must arrive within it. */
  requestTimeout: number;
  /** Node's `headersTimeout`: the headers must arrive within it (never longer than the whole request). */
  headersTimeout: number;
  /** How often Node checks the two above; a trickling connection is cut at most this late. */
  connectionsCheckingInterval: number;
}

/**
 * The `node:http` server options that cut a client sending its headers or body too slowly (a connection
 * trickling a byte every few seconds): Node answers `408 Request Timeout` and closes the connection. Node checks
 * every 30 s by default, which would let a 1 s limit stand 30 s: the check runs ten times per limit here
 * (between every 10 ms and every second). A request fully received is not affected: a slow handler is not cut.
 *
 * @example
 * Fastify({ http: requestTimeouts(30_000), requestTimeout: 30_000 })
 */
export function requestTimeouts(timeoutMs: number): RequestTimeouts & Pick<ServerOptions, 'requestTimeout'> {
  const timeout = Math.max(1, Math.floor(timeoutMs));
  return {
    requestTimeout: timeout,
    headersTimeout: timeout,
    connectionsCheckingInterval: Math.min(1_000, Math.max(10, Math.floor(timeout / 10))),
  };
}
