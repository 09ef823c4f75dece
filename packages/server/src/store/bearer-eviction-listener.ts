import type Pg from 'pg';
import type { AccessTokenCache } from './access-token-cache.js';
import { applyEviction, BEARER_EVICT_CHANNEL } from './bearer-eviction.js';
import { pgDriver } from './postgres-dialect.js';

/** What the listener reports, once per change of state (the server logs each). */
export interface BearerListenerEvents {
  /** Listening again after `onLost`: the cache serves again. */
  onListening?: () => void;
  /** Not listening (the connection failed, or could not be made): the cache reads the database until it is. */
  onLost?: (error: Error) => void;
}

export interface BearerEvictionListenerOptions {
  /** The longest wait to connect and to run `LISTEN`, in ms (DATABASE_TIMEOUT_MS). */
  timeoutMs: number;
  /** Waits between reconnection attempts: doubling from `firstMs`, never above `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
  events?: BearerListenerEvents;
}

export const BEARER_LISTENER_BACKOFF = { firstMs: 100, maxMs: 5_000 };

/** The most `close()` waits for PostgreSQL to acknowledge the end of the session (a frozen server never does). */
const CLOSE_WAIT_MS = 500;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * One dedicated PostgreSQL connection that `LISTEN`s on `BEARER_EVICT_CHANNEL` and evicts what other instances
 * revoked from this process's `AccessTokenCache`. The cache serves from memory only while this listens: it is
 * suspended until the first `LISTEN` succeeds, and from the moment the connection fails until a new one listens
 * (reconnecting with bounded backoff). Neither the connection nor a reconnection timer keeps the process alive.
 *
 * A frozen server raises no error on an idle connection: notices stop, and the cache's time bound (`maxAgeMs`)
 * is then what limits staleness, as it does for a notice lost any other way.
 *
 * @example
 * const listener = new BearerEvictionListener(url, cache, { timeoutMs: 5000 });
 * listener.start();
 * await listener.close();
 */
export class BearerEvictionListener {
  readonly #connectionString: string;
  readonly #cache: AccessTokenCache;
  readonly #options: BearerEvictionListenerOptions;
  readonly #backoff: { firstMs: number; maxMs: number };
  #client: Pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;
  /** The last state reported: the start counts as listening, so only a failure and the recovery are logged. */
  #reported: 'listening' | 'lost' = 'listening';
  #closed = false;

  constructor(connectionString: string, cache: AccessTokenCache, options: BearerEvictionListenerOptions) {
    this.#connectionString = connectionString;
    this.#cache = cache;
    this.#options = options;
    this.#backoff = options.backoff ?? BEARER_LISTENER_BACKOFF;
  }

  /** Connects and listens in the background; the cache starts serving once it listens. */
  start(): void {
    void this.#connect();
  }

  async #connect(): Promise<void> {
    const client = new (pgDriver().Client)({
      connectionString: this.#connectionString,
      fallback_application_name: 'unfurlkit',
      connectionTimeoutMillis: this.#options.timeoutMs,
      query_timeout: this.#options.timeoutMs,
      keepAlive: true,
    });
    this.#client = client;
    client.on('error', (error) => this.#lose(client, error));
    client.on('end', () => this.#lose(client, new Error('the connection ended')));
    client.on('notification', (notice) => {
      if (notice.channel === BEARER_EVICT_CHANNEL) applyEviction(this.#cache, notice.payload ?? '');
    });
    try {
      await client.connect();
      // `Client#unref` (the socket's) exists at run time but not in @types/pg.
      (client as unknown as { unref(): void }).unref();
      await client.query(`LISTEN ${BEARER_EVICT_CHANNEL}`);
    } catch (error) {
      this.#lose(client, asError(error));
      return;
    }
    if (this.#client !== client) return;
    this.#failures = 0;
    this.#cache.resume();
    if (this.#reported === 'lost') {
      this.#reported = 'listening';
      this.#options.events?.onListening?.();
    }
  }

  /** `client` failed: suspend the cache, drop the client, try again later (unless closed or already replaced). */
  #lose(client: Pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#cache.suspend();
    client.end().catch(() => {});
    if (this.#closed) return;
    if (this.#reported === 'listening') {
      this.#reported = 'lost';
      this.#options.events?.onLost?.(error);
    }
    const delayMs = Math.min(this.#backoff.maxMs, this.#backoff.firstMs * 2 ** this.#failures);
    this.#failures = Math.min(this.#failures + 1, 30);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (!this.#closed) void this.#connect();
    }, delayMs);
    this.#retry.unref();
  }

  /** Stops listening for good; the cache stays suspended. Waits at most `CLOSE_WAIT_MS` for the server. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#cache.suspend();
    const client = this.#client;
    this.#client = undefined;
    if (client === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    // Not unref'd: the client's socket is, so this timer is what keeps a caller awaiting `close()` alive (a
    // top-level `await store.close()` with nothing else pending would otherwise end the process, exit code 13).
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
    });
    await Promise.race([client.end().catch(() => {}), waited]);
    clearTimeout(timer);
  }
}
