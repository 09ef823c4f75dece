import type { FastifyBaseLogger } from 'fastify';
import type { BackgroundTasks } from '../runtime/background-tasks.js';
import type { ChangeEvents } from '../runtime/change-events.js';
import type { FaultInjector } from '../runtime/faults.js';
import type { NotionTokenPolicyHolder } from '../runtime/notion-token-policy.js';
import type { EmulatorRandom } from '../runtime/random.js';
import type { RateLimiter } from '../runtime/rate-limiter.js';
import type { SettingsService } from '../settings/settings-service.js';
import type { EmulatorStore } from '../store/store.js';
import type { TrafficLog } from '../traffic/traffic-log.js';

/**
 * What every route and workflow of the emulator works with: state, settings and the injected sources of time,
 * randomness and I/O. Built once in `app/open-context.ts`; nothing reaches for a global instead.
 */
export interface EmulatorContext {
  store: EmulatorStore;
  settings: SettingsService;
  clock: () => number;
  random: EmulatorRandom;
  /** Outbound HTTP to the integration. */
  fetch: typeof fetch;
  /** Time limit of every outbound call to the integration. */
  outboundTimeoutMs: number;
  logger: FastifyBaseLogger;
  traffic: TrafficLog;
  events: ChangeEvents;
  tasks: BackgroundTasks;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  /** `--strict`: every tolerance of Notion's (each shown as a warning otherwise) becomes a refusal. */
  strict: boolean;
  /** Lifetime of the Notion tokens `/v1/oauth/token` issues, and the form of `owner` in its answer. */
  notionTokens: NotionTokenPolicyHolder;
  /** The emulator's public base URL (known once it listens), e.g. `http://127.0.0.1:4000`. */
  publicUrl(): string;
  /** Signs per-session CSRF tokens; kept in the store so sessions survive restarts. */
  sessionSecret: string;
  /** The emulated workspace's id, stable across restarts. */
  workspaceId: string;
}
