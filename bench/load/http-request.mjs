// One HTTP request over a keep-alive agent, resolved with the status and the body as text. Never rejects: a
// failure is status 0 with the error's message, so load loops count it instead of stopping.
import http from 'node:http';

/** A keep-alive agent holding at most `sockets` connections; requests beyond wait in its queue. */
export const keepAliveAgent = (sockets) => new http.Agent({ keepAlive: true, maxSockets: sockets });

export function request(url, { agent, method = 'GET', headers = {}, body, timeoutMs = 30_000 }) {
  return new Promise((resolve) => {
    const outgoing = http.request(
      url,
      {
        agent,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', (error) => resolve({ status: 0, body: error.message }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error) => resolve({ status: 0, body: error.message }));
    outgoing.end(body);
  });
}
