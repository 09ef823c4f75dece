import { connect } from 'node:net';

/** What a trickling client saw: the server's first bytes, whether it closed the connection, bytes sent. */
export interface TrickleResult {
  /** The status line's code, or undefined when the server sent nothing. */
  status: number | undefined;
  response: string;
  closedByServer: boolean;
  bytesSent: number;
}

/**
 * A slow client over a raw socket: sends `head`, then one byte of `drip` every `everyMs`, and waits for the
 * server to answer and close. Bounded: it gives up after `maxMs` (then `closedByServer` is false) and never
 * sends more than `maxBytes`, so a server that does not cut it fails the test instead of hanging it.
 *
 * @example
 * const cut = await trickleRequest(url, 'POST /unfurl HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', ' ');
 * expect(cut.status).toBe(408);
 */
export function trickleRequest(
  baseUrl: string,
  head: string,
  drip: string,
  options: { everyMs?: number; maxMs?: number; maxBytes?: number } = {},
): Promise<TrickleResult> {
  const { everyMs = 50, maxMs = 5_000, maxBytes = 1_000 } = options;
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let bytesSent = 0;
    let closedByServer = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      closedByServer = false;
      socket.destroy();
    }, maxMs);
    socket.on('connect', () => {
      socket.write(head);
      bytesSent += Buffer.byteLength(head);
      // Dripping starts once the head is written: a drip queued before a slow connect would go first and make
      // the request line malformed (a 400 for a bad request instead of the 408 for a slow one).
      timer = setInterval(() => {
        if (bytesSent >= maxBytes || socket.destroyed) return;
        socket.write(drip);
        bytesSent += Buffer.byteLength(drip);
      }, everyMs);
    });
    socket.on('data', (chunk) => {
      response += chunk.toString('latin1');
    });
    socket.on('error', () => {}); // a reset after the answer is the server closing, seen as 'close'
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(deadline);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      resolve({ status: status ? Number(status) : undefined, response, closedByServer, bytesSent });
    });
  });
}
