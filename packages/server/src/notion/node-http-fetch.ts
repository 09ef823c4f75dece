import http from 'node:http';
import https from 'node:https';

/** The part of a fetch request the Notion SDK sends (`SupportedRequestInit`), and an abort signal. */
export interface NodeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  signal?: AbortSignal;
}

/** The part of a fetch response the Notion SDK reads (`SupportedResponse`). */
export interface NodeFetchResponse {
  ok: boolean;
  status: number;
  headers: Headers;
  text: () => Promise<string>;
}

/**
 * A fetch for the Notion SDK on `node:http`/`node:https` with keep-alive agents: the outbox sends one PATCH per
 * delivery, and the global fetch (undici's WHATWG streams, request and response objects) cost more CPU than the
 * rest of a delivery together. String bodies only (the SDK sends JSON); an aborted signal rejects with its reason
 * and closes the socket, as fetch does.
 *
 * @example
 * const sdk = new Client({ fetch: createNodeHttpFetch() });
 */
export function createNodeHttpFetch(): (url: string, init?: NodeFetchInit) => Promise<NodeFetchResponse> {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
      if (typeof init.body !== 'string' && init.body !== undefined) {
        reject(new TypeError('only string bodies are supported'));
        return;
      }
      const { signal } = init;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        { method: init.method ?? 'GET', headers: init.headers, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          response.on('end', () => {
            signal?.removeEventListener('abort', abort);
            resolve(answer(response, Buffer.concat(chunks).toString('utf8')));
          });
        },
      );
      function fail(error: unknown) {
        signal?.removeEventListener('abort', abort);
        reject(error);
      }
      function abort() {
        request.destroy();
        reject(signal?.reason);
      }
      signal?.addEventListener('abort', abort, { once: true });
      request.on('error', fail);
      request.end(init.body);
    });
}

function answer(response: http.IncomingMessage, body: string): NodeFetchResponse {
  const status = response.statusCode ?? 0;
  let headers: Headers | undefined;
  return {
    ok: status >= 200 && status < 300,
    status,
    // Built when read: only error answers' headers are (Retry-After); a delivery's never are.
    get headers() {
      headers ??= toHeaders(response.headers);
      return headers;
    },
    text: () => Promise.resolve(body),
  };
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
