import type { EmulatorContext } from '../context/emulator-context.js';
import { BackgroundTasks } from '../runtime/background-tasks.js';
import { ChangeEvents } from '../runtime/change-events.js';
import { FaultInjector } from '../runtime/faults.js';
import { createDefaultLogger, createSilentLogger } from '../runtime/logger.js';
import { NotionTokenPolicyHolder } from '../runtime/notion-token-policy.js';
import { cryptoRandom } from '../runtime/random.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, RateLimiter } from '../runtime/rate-limiter.js';
import { SettingsService } from '../settings/settings-service.js';
import { openStore } from '../store/store.js';
import { TrafficLog } from '../traffic/traffic-log.js';
import type { EmulatorOptions } from './options.js';

const DAY_MS = 24 * 60 * 60 * 1_000;

/** The context, and the one thing about it only known later: the public URL, once the port is. */
export interface OpenedContext {
  context: EmulatorContext;
  setPublicUrl(url: string): void;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Opens the store, loads the settings (closing the store again when they are refused), forgets connect
 * flows older than a day, and builds the context every route works with from the options and their defaults.
 */
export async function openEmulatorContext(options: EmulatorOptions): Promise<OpenedContext> {
  const clock = options.clock ?? Date.now;
  const random = { ...cryptoRandom, ...options.random };
  const logger = options.logger === false ? createSilentLogger() : (options.logger ?? createDefaultLogger());
  const store = await openStore(options.storage ?? 'memory');
  const settings = new SettingsService(store.meta, random);
  try {
    await settings.load(options.integrations ?? options.settings);
  } catch (error) {
    await store.close();
    throw error;
  }
  await store.authorizations.prune(clock() - DAY_MS);
  await store.connections.prunePending(clock() - DAY_MS);
  let publicUrl = withoutTrailingSlash(options.publicUrl ?? `http://127.0.0.1:${options.port ?? 4000}`);

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
    strict: options.strict ?? false,
    notionTokens: new NotionTokenPolicyHolder({
      ttlSeconds: options.notionTokenTtlSeconds ?? 0,
      owner: options.notionTokenOwner ?? 'user',
    }),
    publicUrl: () => publicUrl,
    sessionSecret: await store.meta.getOrCreate('session_secret', () => random.token(32)),
    workspaceId: await store.meta.getOrCreate('workspace_id', () => random.uuid()),
  };
  return {
    context,
    setPublicUrl: (url) => {
      publicUrl = withoutTrailingSlash(url);
    },
  };
}
