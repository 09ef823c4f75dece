import type { FastifyBaseLogger } from 'fastify';
import type { FaultSettings, FaultSettingsInput } from '../runtime/faults.js';
import type { NotionTokenPolicy } from '../runtime/notion-token-policy.js';
import type { EmulatorRandom } from '../runtime/random.js';
import type { RateLimitSettings } from '../runtime/rate-limiter.js';
import type { EmulatorSettings, EmulatorSettingsInput } from '../settings/settings-schema.js';
import type { StorageOption } from '../store/database.js';
import type { SeededConnection } from '../store/load-seed.js';
import type { TrafficEntry } from '../traffic/traffic-log.js';

/** How to start the emulator. Every field is optional; the defaults suit `npx unfurlkit-emulator`. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. Default 4000. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** The URL browsers and the integration reach the emulator at. Default `http://127.0.0.1:<port>`. */
  publicUrl?: string;
  /** `'memory'` or a SQLite file (created with its folder). Default `'memory'` here; the CLI uses a file. */
  storage?: StorageOption;
  /**
   * The integration's settings; they replace stored ones. Also a list of integrations (`[…]` or
   * `{integrations: […]}`), as a settings file may hold.
   */
  settings?: EmulatorSettingsInput | EmulatorSettingsInput[] | { integrations: EmulatorSettingsInput[] };
  /** Several integrations side by side (replaces stored ones); `settings` is then ignored. */
  integrations?: EmulatorSettingsInput[];
  /** Per-connection rate limit of `PATCH /v1/external/object`. Default 180. */
  rateLimitPerMinute?: number;
  /** Bucket size of that limit. Default ten seconds' worth (30 at 180/min). */
  rateLimitBurst?: number;
  /** Fault injection on `/v1/*`. Default none. */
  faults?: FaultSettingsInput;
  /** Milliseconds since the epoch; tests pass a controlled clock (code expiry, token expiry, rate limit). */
  clock?: () => number;
  /** A pino-compatible logger, or false for none. Default: pino at info, secrets redacted. */
  logger?: FastifyBaseLogger | false;
  /** Sources of ids and randomness, e.g. a fixed `float` to make fault injection deterministic. */
  random?: Partial<EmulatorRandom>;
  /** The fetch used to call the integration. Default the global one. */
  fetch?: typeof fetch;
  /** Time limit of every call to the integration, in ms. Default 10,000. */
  outboundTimeoutMs?: number;
  /**
   * A request's headers and body must arrive within this many ms, else the emulator answers 408 and closes the
   * connection (a slow or trickling client). Default 30,000.
   */
  requestTimeoutMs?: number;
  /**
   * Refuse what Notion tolerates (each tolerance is otherwise accepted with a warning): a token exchange
   * without `Notion-Version` or `external_account`, a newer dated `Notion-Version`, an answer or PATCH
   * without `dev` or `type`, past unfurlkit's caps, with an error operation sent with HTTP 4xx… Default false.
   */
  strict?: boolean;
  /**
   * Lifetime of Notion access tokens in seconds; 0 (default) = they never expire and the exchange answers
   * `refresh_token: null`. When set, the exchange answers `refresh_token` and `expires_in`.
   */
  notionTokenTtlSeconds?: number;
  /** The form of `owner` in `/v1/oauth/token` answers: the person (default) or the workspace. */
  notionTokenOwner?: 'user' | 'workspace';
}

/** A started emulator. */
export interface RunningEmulator {
  /** Its base URL, e.g. `http://127.0.0.1:4000` (the publicUrl). */
  url: string;
  /** Stops listening, waits for background work, closes the database. */
  close(): Promise<void>;
  /** The current integration settings (Notion's client id/secret filled in). Throws when none are set. */
  settings(): EmulatorSettings;
  /** Replaces the settings (validated as on the settings page); rejects with the problems. */
  setSettings(input: EmulatorSettingsInput): Promise<EmulatorSettings>;
  /** Notion's client id/secret for the (first) integration, also before settings exist. */
  notionCredentials(): { clientId: string; clientSecret: string };
  /** Every integration in force, in order, each with its id (Notion's client id/secret filled in). */
  integrations(): Array<EmulatorSettings & { id: string }>;
  /** Replaces the list of integrations (an entry with the `id`, client id or name of one in force keeps it). */
  setIntegrations(
    inputs: Array<EmulatorSettingsInput & { id?: string }>,
  ): Promise<Array<EmulatorSettings & { id: string }>>;
  setFaults(faults: FaultSettingsInput): FaultSettings;
  setRateLimit(perMinute: number, burst?: number): RateLimitSettings;
  /** Changes the lifetime and `owner` form of the Notion tokens issued from now on. */
  setNotionTokens(policy: Partial<NotionTokenPolicy>): NotionTokenPolicy;
  /**
   * Invalidates a connection's Notion token without telling the integration (as when a person removes it on
   * Notion's side): its PATCHes answer 401 `unauthorized`. Resolves false for an unknown connection.
   */
  revokeNotionToken(connectionId: string): Promise<boolean>;
  /**
   * Benchmarks and load tests: `count` connections that each unfurled `uri`, made directly instead of through
   * OAuth flows; returns each one's Notion token for the integration under test to store.
   */
  seedConnections(options: { count: number; uri: string }): Promise<SeededConnection[]>;
  /** Resolves when every background unfurl, refresh and callback has finished. */
  idle(): Promise<void>;
  /** The traffic log, oldest first. */
  traffic(): readonly TrafficEntry[];
}
