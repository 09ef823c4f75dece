import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A listening socket whose request handler can be replaced while it runs. */
export interface FrontServer {
  /** The port it listens on (the one picked, when 0 was asked for). */
  port: number;
  /** Routes every request from now on to `handler` (requests under way finish with the old one). */
  use(handler: Handler): void;
  close(): Promise<void>;
}

/**
 * The integration's socket in `unfurlkit dev`: opened once and kept across reloads, so the port, the browser's
 * keep-alive connections and the emulator's settings stay valid while the server behind it is rebuilt. Until a
 * first handler is set it answers 503. Rejects with the listen error (EADDRINUSE…).
 */
export async function startFrontServer(port: number, host: string): Promise<FrontServer> {
  let current: Handler = (_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain' }).end('unfurlkit dev: starting');
  };
  const server: Server = createServer((request, response) => current(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    use(handler) {
      current = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
