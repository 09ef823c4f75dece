import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { controlApiPlugin } from '../control-api/control-api-plugin.js';
import { registerLabRoutes } from '../lab/lab-routes.js';
import { notionApiPlugin } from '../notion-api/notion-api-plugin.js';
import { BackgroundTasks } from '../runtime/background-tasks.js';
import { ChangeEvents } from '../runtime/change-events.js';
import { answerErrorsAsJson } from '../runtime/error-answers.js';
import { FaultInjector } from '../runtime/faults.js';
import { createDefaultLogger, createSilentLogger, redactUrl } from '../runtime/logger.js';
import { cryptoRandom } from '../runtime/random.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, RateLimiter } from '../runtime/rate-limiter.js';
import { decorateRequestFields } from '../runtime/request-fields.js';
import { registerSettingsRoutes } from '../settings/settings-routes.js';
import { SettingsService } from '../settings/settings-service.js';
import { openStore } from '../store/store.js';
import { TrafficLog } from '../traffic/traffic-log.js';
import { registerTrafficRoutes } from '../traffic/traffic-routes.js';
import { registerStylesheetRoute } from '../ui/stylesheet-route.js';
import { registerEventsRoute } from '../workspace/events-route.js';
import { registerWorkspaceRoutes } from '../workspace/workspace-routes.js';
import { registerWorkspaceScriptRoute } from '../workspace/workspace-script.js';
import type { EmulatorOptions, RunningEmulator } from './options.js';

export interface EmulatorApp {
  /** The Fastify instance, routes registered, not listening. */
  app: FastifyInstance;
  context: EmulatorContext;
  /** Sets the public base URL (once the port is known). */
  setPublicUrl(url: string): void;
  /** Closes the app, waits for background work, closes the database. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1_000;

/**
 * Builds the emulator without listening (for `app.inject()` tests and embedding): opens the store, loads
 * settings, registers Notion's API, the workspace, settings, Lab, traffic and inspection routes.
 */
export async function createEmulatorApp(options: EmulatorOptions = {}): Promise<EmulatorApp> {
  const clock = options.clock ?? Date.now;
  const random = { ...cryptoRandom, ...options.random };
  const logger = options.logger === false ? createSilentLogger() : (options.logger ?? createDefaultLogger());
  const store = await openStore(options.storage ?? 'memory');
  const settings = new SettingsService(store.meta, random);
  try {
    await settings.load(options.settings);
  } catch (error) {
    await store.close();
    throw error;
  }
  await store.authorizations.prune(clock() - DAY_MS);
  let publicUrl = (options.publicUrl ?? `http://127.0.0.1:${options.port ?? 4000}`).replace(/\/+$/, '');

  const context: EmulatorContext = {
    store,
    settings,
    clock,
    random,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    outboundTimeoutMs: options.outboundTimeoutMs ?? 10_000,
    logger,
    traffic: new TrafficLog(),
    events: new ChangeEvents(),
    tasks: new BackgroundTasks((error) => logger.error({ err: error }, 'background task failed')),
    rateLimiter: new RateLimiter(
      {
        perMinute: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        ...(options.rateLimitBurst ? { burst: options.rateLimitBurst } : {}),
      },
      clock,
    ),
    faults: new FaultInjector(options.faults, () => random.float()),
    publicUrl: () => publicUrl,
    sessionSecret: await store.meta.getOrCreate('session_secret', () => random.token(32)),
    workspaceId: await store.meta.getOrCreate('workspace_id', () => random.uuid()),
  };

  const app = Fastify({
    loggerInstance: logger,
    // Fastify's request lines would log the callback's query string; ours masks it (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
  });
  decorateRequestFields(app);

  // Our own request line, with secret query values (the callback's code and state) masked.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.url),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  answerErrorsAsJson(app);

  await app.register(cookie);
  await app.register(formbody);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Previews show the integration's media; only http(s) URLs ever reach src (render/).
        imgSrc: ["'self'", 'data:', 'http:', 'https:'],
        mediaSrc: ["'self'", 'http:', 'https:'],
        frameSrc: ['http:', 'https:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        // The paste and connect forms redirect to the integration's Authorize URL.
        formAction: ["'self'", 'http:', 'https:'],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(async (api) => notionApiPlugin(api, context), { prefix: '/v1' });
  await app.register(async (api) => controlApiPlugin(api, context), { prefix: '/api' });
  registerWorkspaceRoutes(app, context);
  registerEventsRoute(app, context);
  registerSettingsRoutes(app, context);
  registerLabRoutes(app, context);
  registerTrafficRoutes(app, context);
  registerStylesheetRoute(app);
  registerWorkspaceScriptRoute(app);

  return {
    app,
    context,
    setPublicUrl: (url) => {
      publicUrl = url.replace(/\/+$/, '');
    },
    close: async () => {
      await app.close();
      await context.tasks.idle();
      await store.close();
    },
  };
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the emulator and listens.
 *
 * @example
 * const emulator = await startEmulator({ port: 0, settings, logger: false });
 * const { notionClientId, notionClientSecret } = emulator.settings();
 * // …point the integration's NOTION_API_URL at emulator.url…
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const emulator = await createEmulatorApp(options);
  const { app, context } = emulator;
  try {
    await app.listen({ port: options.port ?? 4000, host });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4000);
  const url = (options.publicUrl ?? `http://${hostForUrl(host)}:${port}`).replace(/\/+$/, '');
  emulator.setPublicUrl(url);
  return {
    url,
    close: () => emulator.close(),
    settings: () => {
      const current = context.settings.get();
      if (!current)
        throw new Error('the emulator has no integration settings yet: pass `settings` or PUT /api/settings');
      return current;
    },
    setSettings: async (input) => {
      const settings = await context.settings.replace(input);
      context.events.emit({ reason: 'settings' });
      return settings;
    },
    notionCredentials: () => context.settings.notionCredentials(),
    setFaults: (faults) => context.faults.set(faults),
    setRateLimit: (perMinute, burst) =>
      context.rateLimiter.set(burst === undefined ? { perMinute } : { perMinute, burst }),
    revokeNotionToken: (connectionId) =>
      context.store.connections.revokeNotionToken(connectionId, context.clock()),
    seedConnections: ({ count, uri }) =>
      context.store.seedConnections({ count, uri, now: context.clock(), random: context.random }),
    idle: () => context.tasks.idle(),
    traffic: () => context.traffic.list(),
  };
}
