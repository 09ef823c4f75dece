import type { RequestLogSetting } from '../http/request-log.js';
import type { UpdateSettings } from './update-settings.js';

/** Where each endpoint is served: the paths registered with Notion and the server's own routes. */
export interface RoutePaths {
  /** OAuth Authorize URL, registered with Notion (SPEC §1). */
  authorize: string;
  /** OAuth Token URL, registered with Notion. */
  token: string;
  /** Unfurl Callback URL (POST and DELETE). */
  unfurl: string;
  /** Deleted Token Callback URL. */
  deletion: string;
  /** Liveness: answers while the process runs, touching nothing else. */
  health: string;
  /** Readiness: 200 when the database answers, 503 with the reason when it does not. */
  ready: string;
  /** The authenticated endpoint for products in other languages to report changes (needs CHANGES_API_TOKEN). */
  changes: string;
  /** Prometheus metrics. */
  metrics: string;
}

/**
 * The server's one typed configuration object (DESIGN rule 5): built from env and/or code by `loadConfig`,
 * validated once at start-up, then frozen.
 */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where people and Notion reach this server; https in production. */
  publicUrl: string;
  databaseUrl: string;
  /**
   * Longest wait for the database per statement and per connection attempt (PostgreSQL `statement_timeout`,
   * pool connection timeout; SQLite `busy_timeout`): past it, requests answer 503 instead of hanging.
   */
  databaseTimeoutMs: number;
  /** PostgreSQL only: the most connections this instance's pool opens (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /**
   * How long a bearer token's lookup may be served from memory (BEARER_CACHE_MS, 0–1000; 0: every request reads
   * the database): the most a revocation made by another instance can go unseen here.
   */
  bearerCacheMs: number;
  /** This instance's name in /metrics (INSTANCE_ID; default host:pid). */
  instanceId: string;
  /** On SIGTERM, the longest wait for requests and deliveries in flight before leases are released and the process exits. */
  shutdownTimeoutMs: number;
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Which answers get the one info line per request (REQUEST_LOG): `all` (default), `failures` (status 400 and
   * above), or `off`. Every other line (warnings, errors, refusals at info) is written as `logLevel` says.
   */
  requestLog: RequestLogSetting;
  notion: {
    /** Notion's API base URL (the emulator's in development). */
    apiUrl: string;
    /** The integration's credentials at Notion, for exchanging Notion's code. */
    clientId: string;
    clientSecret: string;
    /** Per-call time limit for Notion's API. */
    timeoutMs: number;
  };
  oauth: {
    /** What Notion presents at our Token URL (and the id at the Authorize URL). */
    clientId: string;
    clientSecret: string;
    /** Exact-match allow-list of redirect_uri values. */
    redirectUris: readonly string[];
    /** Scope values Notion may request; an empty list means Notion must send none. */
    scopes: readonly string[];
    /** Seconds an access token lives; 0 = forever (then no refresh token is issued). */
    accessTokenTtl: number;
    /** Seconds a refresh token lives (renewed on each rotation); 0 = forever. */
    refreshTokenTtl: number;
    /** Seconds after a rotation in which the same refresh token gets the same pair again; 0 = no window. */
    refreshReuseGraceSeconds: number;
    /** Seconds our authorization code and a pending consent live (RFC 6749 §4.1.2: at most 10 minutes). */
    codeTtl: number;
  };
  /** Encryption keys for Notion's tokens at rest; the first seals, all open (rotation). */
  tokenEncryptionKeys: ReadonlyArray<{ id: string; key: Buffer }>;
  /** Where the development key came from, when one was generated (for the start-up warning). */
  generatedKeyPath: string | null;
  resolverTimeoutMs: number;
  /** A request's headers and body must arrive within this, else 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** Failed token requests allowed per IP and per client in `failureWindowSeconds` before 429. */
  tokenFailureLimit: { perIp: number; perClient: number; windowSeconds: number };
  /** Requests per minute per IP on the authorize and consent pages. */
  authorizeRateLimitPerMinute: number;
  /** The outbox worker pushing changes to Notion. */
  updates: UpdateSettings;
  /** Bearer token of the changes endpoint; null disables it. */
  changesApiToken: string | null;
  /** Bearer token required for /metrics; null leaves it open (restrict it at your proxy). */
  metricsToken: string | null;
  /** How often expired consent requests, codes and tokens are deleted; 0 = never. */
  purgeIntervalMs: number;
  /** Trust X-Forwarded-* (behind a reverse proxy). */
  trustProxy: boolean | number | string[];
  paths: RoutePaths;
  /** Things a person should know at start-up (insecure development defaults). */
  warnings: readonly string[];
}

export const DEFAULT_PATHS: RoutePaths = {
  authorize: '/notion/authorize',
  token: '/notion/token',
  unfurl: '/unfurl',
  deletion: '/notion/deletion',
  health: '/healthz',
  ready: '/readyz',
  changes: '/unfurlkit/changes',
  metrics: '/metrics',
};
