import { createServer } from '../create-server.js';
import type { CliIo } from './cli-io.js';
import { parseConfigArgs } from './config-args.js';
import { listenFailure } from './listen-failure.js';
import { loadIntegrationModule } from './load-integration-module.js';

const HELP = `unfurlkit serve --config <module> [--no-migrate]

Runs the integration server. Configuration comes from the environment (PORT, PUBLIC_URL, DATABASE_URL,
NOTION_API_URL, NOTION_CLIENT_ID, NOTION_CLIENT_SECRET, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET,
OAUTH_REDIRECT_URIS, OAUTH_SCOPES, ACCESS_TOKEN_TTL, TOKEN_ENCRYPTION_KEY, …; see the README's
configuration table). Stops cleanly on SIGINT and SIGTERM: stops listening, finishes the requests and
deliveries in flight within SHUTDOWN_TIMEOUT_MS, releases the outbox rows still held, exits 0.

It applies pending database migrations before listening (several servers starting together apply each once).
--no-migrate applies none and refuses to start on a database that is behind: run "unfurlkit migrate" first.`;

export async function runServe(args: string[], io: CliIo): Promise<number> {
  const migrate = !args.includes('--no-migrate');
  const options = parseConfigArgs(args.filter((arg) => arg !== '--no-migrate'));
  if (options.help) {
    io.out(HELP);
    return 0;
  }
  if (!options.config) {
    io.err(`--config is required\n\n${HELP}`);
    return 1;
  }
  const integration = await loadIntegrationModule(options.config);
  const server = await createServer({ integration, migrate });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    // Closed first: the store and the update worker would otherwise keep the process alive.
    await server.close();
    const line = listenFailure(error, { host: server.config.host, port: server.config.port });
    if (line === undefined) throw error;
    io.err(line);
    return 1;
  }
  io.out(
    `unfurlkit: ${integration.name} integration listening on ${url} (public URL ${server.config.publicUrl})`,
  );
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // Stops listening at once, finishes what is in flight (within SHUTDOWN_TIMEOUT_MS), releases the rest.
  io.out(`unfurlkit: ${signal}: shutting down (at most ${server.config.shutdownTimeoutMs} ms)`);
  await server.close();
  io.out('unfurlkit: stopped');
  return 0;
}
