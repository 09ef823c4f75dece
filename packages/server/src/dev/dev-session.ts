import { join } from 'node:path';
import pino from 'pino';
import type { ServerConfig } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { createServer, type UnfurlkitServer } from '../create-server.js';
import type { Integration } from '../integration/define-integration.js';
import { deriveNotionSettings } from '../settings/notion-settings.js';
import { openStore } from '../store/open-store.js';
import type { IntegrationStore } from '../store/store.js';
import { devBanner } from './dev-banner.js';
import { devConfigOverrides } from './dev-config.js';
import { loadOrCreateDevCredentials } from './dev-credentials.js';
import type { DevEmulator, EmulatorModule } from './emulator-module.js';
import { type FrontServer, startFrontServer } from './front-server.js';
import { type FileWatch, watchFiles } from './watch-files.js';

export type LoadedIntegration = { integration: Integration; files: string[] };

export interface DevSessionOptions {
  /** Loads the integration module afresh and lists the files it is made of. */
  load: () => Promise<LoadedIntegration>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  dataDir: string;
  host: string;
  port: number;
  emulatorPort: number;
  /** The emulator package, or undefined for `--no-emulator`. */
  emulator?: EmulatorModule;
  out: (line: string) => void;
  /** One line for a module that failed to load (its place, not a stack). */
  describeError: (error: unknown) => string;
}

export interface DevSession {
  integrationUrl: string;
  emulatorUrl?: string;
  /** Reloads now; resolves with the milliseconds it took, or undefined when the module was refused. */
  reload(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** A port `unfurlkit dev` could not listen on, with the flag that moves it. */
export class DevListenError extends Error {
  constructor(
    readonly reason: unknown,
    readonly port: number,
    readonly flag: '--port' | '--emulator-port',
  ) {
    super(`cannot listen on port ${port}`);
  }
}

/**
 * Runs the integration and (unless `emulator` is undefined) the emulator configured for each other, then
 * rebuilds the integration on every change of its files. What outlives a reload: the listening socket, the
 * store (connections, previews, the outbox), the emulator; only the module's graph and the server over it are
 * new.
 */
export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  const credentials = await loadOrCreateDevCredentials(options.dataDir);
  const first = await options.load();
  const front = await startFrontServer(options.port, options.host).catch((error: unknown) => {
    throw new DevListenError(error, options.port, '--port');
  });
  let emulator: DevEmulator | undefined;
  let store: IntegrationStore | undefined;
  try {
    emulator = await startDevEmulator(options);
    const overrides = devConfigOverrides(options.env, credentials, {
      port: front.port,
      host: options.host,
      dataDir: options.dataDir,
      ...(emulator ? { emulatorUrl: emulator.url } : {}),
    });
    const config = loadConfig({
      env: options.env,
      cwd: options.cwd,
      overrides: { LOG_LEVEL: (options.env.LOG_LEVEL || 'warn') as 'warn', ...overrides },
    });
    store = await openStore(config.databaseUrl, { timeoutMs: config.databaseTimeoutMs });
    const running = await runningIntegration({ config, store, front, emulator }, first);
    const integrationUrl = `http://${options.host}:${front.port}`;
    options.out(
      devBanner({
        integrationUrl,
        ...(emulator ? { emulatorUrl: emulator.url } : {}),
        derived: running.derived(first.integration),
        dataDir: options.dataDir,
        files: first.files.length,
      }),
    );
    return reloading(options, running, { integrationUrl, emulator, front, store }, first.files);
  } catch (error) {
    await store?.close();
    await emulator?.close();
    await front.close();
    throw error;
  }
}

async function startDevEmulator(options: DevSessionOptions): Promise<DevEmulator | undefined> {
  if (!options.emulator) return undefined;
  return options.emulator
    .startEmulator({
      port: options.emulatorPort,
      host: options.host,
      storage: { sqlitePath: join(options.dataDir, 'emulator.db') },
      logger: pino({ level: options.env.LOG_LEVEL || 'warn', name: 'emulator' }),
    })
    .catch((error: unknown) => {
      throw new DevListenError(error, options.emulatorPort, '--emulator-port');
    });
}

type Parts = { config: ServerConfig; store: IntegrationStore; front: FrontServer; emulator?: DevEmulator };

/**
 * The integration server behind the front socket, replaced by `swap`: the new one is built and ready before
 * requests move to it, then the old one stops (its update worker, its timers; the shared store stays open).
 */
async function runningIntegration(parts: Parts, first: LoadedIntegration) {
  const derived = (integration: Integration) =>
    deriveNotionSettings({
      integration,
      publicUrl: parts.config.publicUrl,
      paths: parts.config.paths,
      oauth: { ...parts.config.oauth, clientId: parts.config.oauth.clientId },
      notion: parts.config.notion,
    });
  // Plain http is what development is: that warning would only be noise here.
  let config = {
    ...parts.config,
    warnings: parts.config.warnings.filter((w) => !w.startsWith('PUBLIC_URL is')),
  };
  const build = async (integration: Integration) => {
    const server = await createServer({ integration, config, store: parts.store });
    // The configuration's warnings once, not at every reload.
    config = { ...config, warnings: [] };
    await server.app.ready();
    await parts.emulator?.setSettings(derived(integration).settings);
    return server;
  };
  let current: UnfurlkitServer = await build(first.integration);
  parts.front.use((request, response) => current.app.routing(request, response));
  return {
    derived,
    async swap(integration: Integration) {
      const next = await build(integration);
      const previous = current;
      current = next;
      await previous.close();
    },
    close: () => current.close(),
  };
}

function reloading(
  options: DevSessionOptions,
  running: Awaited<ReturnType<typeof runningIntegration>>,
  parts: { integrationUrl: string; emulator?: DevEmulator; front: FrontServer; store: IntegrationStore },
  files: string[],
): DevSession {
  let queue: Promise<number | undefined> = Promise.resolve(undefined);
  const reloadNow = async (): Promise<number | undefined> => {
    const started = performance.now();
    try {
      const loaded = await options.load();
      await running.swap(loaded.integration);
      watch.update(loaded.files);
      const ms = Math.round(performance.now() - started);
      options.out(`unfurlkit dev: reloaded ${loaded.integration.name} in ${ms} ms`);
      return ms;
    } catch (error) {
      options.out(
        `unfurlkit dev: not reloaded, the previous version keeps running:\n${options.describeError(error)}`,
      );
      return undefined;
    }
  };
  // One reload at a time, in the order the changes came.
  const reload = () => {
    queue = queue.then(reloadNow);
    return queue;
  };
  const watch: FileWatch = watchFiles(files, () => void reload());
  return {
    integrationUrl: parts.integrationUrl,
    ...(parts.emulator ? { emulatorUrl: parts.emulator.url } : {}),
    reload,
    async close() {
      watch.close();
      await queue;
      await running.close();
      await parts.store.close();
      await parts.emulator?.close();
      await parts.front.close();
    },
  };
}
