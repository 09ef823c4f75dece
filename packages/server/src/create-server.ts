import { randomBytes } from 'node:crypto';
import type { CompiledUrlRule } from '@unfurlkit/core';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import type { ServerConfig } from './config/config.js';
import { type LoadConfigOptions, loadConfig } from './config/load-config.js';
import type { ServerContext } from './context/server-context.js';
import { SecretBox } from './crypto/secret-box.js';
import type { RandomBytes } from './crypto/tokens.js';
import { deletionRoute } from './deletion/deletion-route.js';
import { readinessRoute } from './health/readiness-route.js';
import { browserRoutes } from './http/browser-routes.js';
import { createFastifyApp } from './http/fastify-app.js';
import { createLogger } from './http/logger.js';
import { urlHost } from './http/url-host.js';
import { ATTACH_CHANGE_SINK, type Integration } from './integration/define-integration.js';
import { createNotionClient, type NotionClient } from './notion/notion-client.js';
import { authorizeRoutes } from './oauth/authorize/authorize-routes.js';
import { tokenRoute } from './oauth/token/token-route.js';
import { compileServerRules } from './rules/compile-server-rules.js';
import { rememberedVerdicts } from './rules/remembered-verdicts.js';
import { openStore } from './store/open-store.js';
import { PURGE_FIRST_AFTER_MS, schedulePurge } from './store/purge-schedule.js';
import type { IntegrationStore } from './store/store.js';
import { PREVIEW_REGISTRY_DEFAULTS, PreviewRegistry } from './unfurl/preview-registry.js';
import { unfurlRoutes } from './unfurl/unfurl-routes.js';
import { changesRoute } from './updates/changes-route.js';
import { metricsRoute } from './updates/metrics-route.js';
import { settlesWithin } from './updates/settles-within.js';
import { UpdateService } from './updates/update-service.js';

export interface CreateServerOptions {
  integration: Integration;
  /** A loaded configuration, or how to load one (from `process.env` by default). */
  config?: ServerConfig | LoadConfigOptions;
  /** Defaults to the store `DATABASE_URL` names; a given store is not closed by `close()`. */
  store?: IntegrationStore;
  /**
   * `false`: apply no database migration, and refuse to start on a database that is behind (`serve
   * --no-migrate`). Default true. Ignored when `store` is given.
   */
  migrate?: boolean;
  /** A pino logger, or where to write one (stdout by default). */
  logger?: Logger | { destination: DestinationStream };
  clock?: () => number;
  random?: RandomBytes;
  /** The fetch Notion's API is called with (tests and proxies). */
  fetch?: typeof fetch;
  /** Replaces calls to Notion's API, one method or all (tests of failure paths). */
  notion?: Partial<NotionClient>;
}

export interface UnfurlkitServer {
  app: FastifyInstance;
  config: ServerConfig;
  store: IntegrationStore;
  /** The update pipeline: `updates.changed(target)`, its worker and its metrics. */
  updates: UpdateService;
  /** Listens on `config.host:config.port` (port 0: any free port) and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

function isServerConfig(value: ServerConfig | LoadConfigOptions | undefined): value is ServerConfig {
  return value !== undefined && 'oauth' in value && 'paths' in value && 'tokenEncryptionKeys' in value;
}

/**
 * Assembles the integration server: configuration, store, and one plugin per protocol role (authorize, token,
 * unfurl, deletion), plus the product's own routes.
 *
 * @example
 * const server = await createServer({ integration });
 * console.log(`listening on ${await server.listen()}`);
 */
export async function createServer(options: CreateServerOptions): Promise<UnfurlkitServer> {
  const config = isServerConfig(options.config) ? options.config : loadConfig(options.config);
  const logger = serverLogger(options.logger, config);
  for (const warning of config.warnings) logger.warn(warning);
  const ownsStore = options.store === undefined;
  const store = options.store ?? (await openServerStore(config, logger, options.migrate ?? true));
  // On a first start the rules' ReDoS screening is the slowest step (recheck analyses each new pattern, in a
  // process of its own): the HTTP side is assembled meanwhile. `rules` is filled when it ends, before this
  // function returns, so before anything is served or delivered; every reader of `context.rules` runs per request
  // or per delivery, never while routes are registered.
  const screening = screenRules(options, store, logger);
  screening.catch(() => undefined); // awaited below: a refusal arriving while routes register is not unhandled
  const rules: CompiledUrlRule[] = [];
  const context = serverContext(options, { config, logger, rules, store });
  let assembled: AssembledApp | undefined;
  try {
    assembled = await assembleApp(options, context);
    rules.push(...(await screening));
  } catch (error) {
    // A refused rule, or a route that would not register: nothing half-built is left open (nor the screening
    // still running, when it was the routes that failed).
    await Promise.allSettled([screening]);
    await assembled?.app.close();
    if (ownsStore) await store.close();
    throw error;
  }
  const { app, registry, updates } = assembled;
  // Attached last: if anything above threw, `changed()` never points at a half-built server.
  const detach = options.integration[ATTACH_CHANGE_SINK](updates);
  updates.start();
  const stopPurge = schedulePurge(store, {
    intervalMs: config.purgeIntervalMs,
    clock: context.clock,
    logger,
    refreshGraceMs: config.oauth.refreshReuseGraceSeconds * 1000,
    firstAfterMs: PURGE_FIRST_AFTER_MS,
  });

  return {
    app,
    config,
    store,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      return `http://${urlHost(config.host)}:${port}`;
    },
    updates,
    async close() {
      detach();
      stopPurge();
      await shutDown(app, updates, { timeoutMs: config.shutdownTimeoutMs, logger });
      // After the last request: the preview writes POST /unfurl queued reach the database before it closes.
      await registry.close();
      if (ownsStore) await store.close();
    },
  };
}

/**
 * Graceful shutdown, bounded by `timeoutMs` (SHUTDOWN_TIMEOUT_MS): stop listening and finish the requests in
 * flight, while the worker stops claiming and finishes its deliveries. Past the bound, connections still open are
 * cut and the outbox rows still in flight released, so another instance delivers them at once.
 */
async function shutDown(
  app: FastifyInstance,
  updates: UpdateService,
  { timeoutMs, logger }: { timeoutMs: number; logger: Logger },
): Promise<void> {
  const closing = app.close();
  const [stopped, closed] = await Promise.all([updates.stop(timeoutMs), settlesWithin(closing, timeoutMs)]);
  if (!closed) {
    app.server.closeAllConnections();
    await settlesWithin(closing, 1_000);
  }
  if (stopped.released > 0 || !closed)
    logger.warn(
      { releasedDeliveries: stopped.released, requestsCut: !closed, timeoutMs },
      'shutdown took longer than SHUTDOWN_TIMEOUT_MS: work still in flight was cut short (released rows go to another instance)',
    );
}

interface AssembledApp {
  app: FastifyInstance;
  registry: PreviewRegistry;
  updates: UpdateService;
}

/** Fastify with every protocol role's routes and the product's own; closed again if one fails to register. */
async function assembleApp(options: CreateServerOptions, context: ServerContext): Promise<AssembledApp> {
  const { config, logger, store } = context;
  const app = await createFastifyApp(
    {
      trustProxy: config.trustProxy,
      redirectUris: config.oauth.redirectUris,
      requestTimeoutMs: config.requestTimeoutMs,
      requestLog: config.requestLog,
    },
    logger,
  );
  try {
    await browserRoutes(app, async (browser) => {
      await browser.register(authorizeRoutes, { context });
      // The product's own pages (its sign-in, say), beside the consent page and with the same cookie parsing.
      if (options.integration.routes) await options.integration.routes(browser);
    });
    await app.register(tokenRoute, { context });
    const registry = new PreviewRegistry(store.previews, { ...PREVIEW_REGISTRY_DEFAULTS, logger });
    await app.register(unfurlRoutes, { context, registry });
    await app.register(deletionRoute, { context });
    const updates = new UpdateService(context, config.updates, { logger });
    await app.register(changesRoute, { context, updates });
    await app.register(metricsRoute, { context, updates });
    app.get(config.paths.health, async () => ({ status: 'ok' }));
    await app.register(readinessRoute, { context });
    return { app, registry, updates };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/**
 * The integration's rules, compiled on their ReDoS verdicts: those the database remembers, and the new ones
 * reached outside this process (rule warnings logged). Rejects on a refused rule.
 */
async function screenRules(
  options: CreateServerOptions,
  store: IntegrationStore,
  logger: Logger,
): Promise<CompiledUrlRule[]> {
  const { verdicts, sources } = await rememberedVerdicts(
    options.integration.rules,
    store.redosVerdicts,
    (options.clock ?? Date.now)(),
  );
  logger.info(sources, 'rule patterns screened for ReDoS');
  const rules = await compileServerRules(options.integration.rules, verdicts);
  for (const rule of rules) for (const warning of rule.warnings) logger.warn({ rule: rule.name }, warning);
  return rules;
}

/** The store `DATABASE_URL` names, its PostgreSQL connections' trouble reported to the log. */
function openServerStore(config: ServerConfig, logger: Logger, migrate: boolean): Promise<IntegrationStore> {
  return openStore(config.databaseUrl, {
    timeoutMs: config.databaseTimeoutMs,
    poolSize: config.databasePoolSize,
    migrate,
    onIdleConnectionError: (error) => logger.error({ err: error }, 'an idle database connection failed'),
    bearerCacheMs: config.bearerCacheMs,
    bearerListenerEvents: {
      onLost: (error) =>
        logger.warn(
          { err: error },
          'bearer token cache: not listening for revocations on other instances; every request reads the database until it listens again',
        ),
      onListening: () =>
        logger.info('bearer token cache: listening for revocations on other instances again'),
    },
  });
}

/** The logger given, or one made for the configured level (writing where the options say, stdout by default). */
function serverLogger(given: CreateServerOptions['logger'], config: ServerConfig): Logger {
  if (given && 'info' in given) return given;
  return createLogger(config.logLevel, given && 'destination' in given ? given.destination : undefined);
}

/** What every route gets: the parts given in the options, real ones (Notion's API, clock, randomness) otherwise. */
function serverContext(
  options: CreateServerOptions,
  parts: Pick<ServerContext, 'config' | 'rules' | 'store'> & { logger: Logger },
): ServerContext {
  const { config, logger } = parts;
  const clock = options.clock ?? Date.now;
  const notion: NotionClient = {
    ...createNotionClient({ ...config.notion, fetch: options.fetch, logger, clock }),
    ...options.notion,
  };
  return {
    ...parts,
    integration: options.integration,
    secretBox: new SecretBox(config.tokenEncryptionKeys),
    notion,
    clock,
    random: options.random ?? randomBytes,
  };
}
