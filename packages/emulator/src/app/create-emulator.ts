import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import { requestTimeouts } from '@unfurlkit/core/http';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { controlApiPlugin } from '../control-api/control-api-plugin.js';
import { registerLabRoutes } from '../lab/lab-routes.js';
import { notionApiPlugin } from '../notion-api/notion-api-plugin.js';
import { answerErrorsAsJson } from '../runtime/error-answers.js';
import { decorateRequestFields } from '../runtime/request-fields.js';
import { registerSettingsRoutes } from '../settings/settings-routes.js';
import { registerTrafficRoutes } from '../traffic/traffic-routes.js';
import { registerStylesheetRoute } from '../ui/stylesheet-route.js';
import { registerEventsRoute } from '../workspace/events-route.js';
import { registerWorkspaceRoutes } from '../workspace/workspace-routes.js';
import { registerWorkspaceScriptRoute } from '../workspace/workspace-script.js';
import { openEmulatorContext } from './open-context.js';
import type { EmulatorOptions, RunningEmulator } from './options.js';
import { logRequestLines } from './request-log.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** How long a request's headers and body may take to arrive, by default (`requestTimeoutMs`). */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface EmulatorApp {
  /** The Fastify instance, routes registered, not listening. */
  app: FastifyInstance;
  context: EmulatorContext;
  /** Sets the public base URL (once the port is known). */
  setPublicUrl(url: string): void;
  /** Closes the app, waits for background work, closes the database. */
  close(): Promise<void>;
}

/**
 * Builds the emulator without listening (for `app.inject()` tests and embedding): opens the store, loads
 * settings, registers Notion's API, the control API, the workspace, settings, Lab and traffic routes.
 *
 * @example
 * const { app, close } = await createEmulatorApp({ settings, logger: false });
 * const answer = await app.inject({ method: 'GET', url: '/api/previews' });
 * await close();
 */
export async function createEmulatorApp(options: EmulatorOptions = {}): Promise<EmulatorApp> {
  const { context, setPublicUrl } = await openEmulatorContext(options);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    loggerInstance: context.logger,
    // Fastify's request lines would log the callback's query string; ours masks it (request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    // A trickling client is answered 408 and cut; Fastify sets requestTimeout after creating the server, so both.
    http: requestTimeouts(requestTimeoutMs),
    requestTimeout: requestTimeoutMs,
  });
  decorateRequestFields(app);
  logRequestLines(app);
  answerErrorsAsJson(app);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(helmet, SECURITY_HEADERS);
  await registerEmulatorRoutes(app, context);

  return {
    app,
    context,
    setPublicUrl,
    close: async () => {
      await app.close();
      await context.tasks.idle();
      await context.store.close();
    },
  };
}

/** Every route: Notion's API under `/v1`, the control API under `/api`, the pages and their assets. */
async function registerEmulatorRoutes(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  await app.register(async (api) => notionApiPlugin(api, context), { prefix: '/v1' });
  await app.register(async (api) => controlApiPlugin(api, context), { prefix: '/api' });
  registerWorkspaceRoutes(app, context);
  registerEventsRoute(app, context);
  registerSettingsRoutes(app, context);
  registerLabRoutes(app, context);
  registerTrafficRoutes(app, context);
  registerStylesheetRoute(app);
  registerWorkspaceScriptRoute(app);
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
    integrations: () => context.settings.list().map((i) => ({ ...i.settings, id: i.id })),
    setIntegrations: async (inputs) => {
      const integrations = await context.settings.replaceAll(inputs);
      context.events.emit({ reason: 'settings' });
      return integrations.map((i) => ({ ...i.settings, id: i.id }));
    },
    setFaults: (faults) => context.faults.set(faults),
    setRateLimit: (perMinute, burst) =>
      context.rateLimiter.set(burst === undefined ? { perMinute } : { perMinute, burst }),
    setNotionTokens: (policy) => context.notionTokens.set(policy),
    revokeNotionToken: (connectionId) =>
      context.store.connections.revokeNotionToken(connectionId, context.clock()),
    seedConnections: ({ count, uri }) =>
      context.store.seedConnections({ count, uri, now: context.clock(), random: context.random }),
    idle: () => context.tasks.idle(),
    traffic: () => context.traffic.list(),
  };
}
