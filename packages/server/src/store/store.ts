import type { ConnectionStore } from './connection-store.js';
import type { ConsentStore } from './consent-store.js';
import type { GrantStore } from './grant-store.js';
import type { LimitStore } from './limit-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { PreviewStore } from './preview-store.js';
import type { RedosVerdictStore } from './redos-verdict-store.js';

/*
 * The integration server's storage, as small domain interfaces, one per aggregate (DESIGN rule 6), held by one
 * root. Every backend (SQLite, PostgreSQL) implements them and passes the same contract suite
 * (`test/store-contract.ts`).
 *
 * Conventions:
 * - Times are epoch milliseconds, always passed in by the caller (the server's injected clock): a store never
 *   reads the wall clock, so expiry is testable without waiting.
 * - Our own secrets (authorization codes, access and refresh tokens, consent ids, CSRF tokens) are stored only as
 *   SHA-256 hex digests (`*Hash`); lookups are by digest.
 * - Notion's secrets (its code, its access tokens) are stored encrypted as `SealedSecret`; the store never sees
 *   a key.
 * - "mark used" operations are atomic compare-and-set: of two concurrent calls, exactly one returns true.
 */

// The records live with the aggregate that owns them; re-exported so one import reaches every store type.
export type {
  ConnectionStore,
  NotionConnectionInput,
  NotionConnectionRecord,
  RefreshedNotionToken,
  RevokedConnection,
} from './connection-store.js';
export type { AuthorizationRequestRecord, ConsentStore } from './consent-store.js';
export type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  GrantRecord,
  GrantStore,
  RefreshTokenRecord,
} from './grant-store.js';
export type { FailureCounter, LimitStore, RateBuckets } from './limit-store.js';
export type {
  AttemptOutcome,
  ChangedPair,
  ClaimedOutboxRow,
  LeasedKey,
  OutboxRow,
  OutboxStore,
} from './outbox-store.js';
export type { PreviewRecord, PreviewStore } from './preview-store.js';
export type { RedosVerdictStore } from './redos-verdict-store.js';
export type { SealedSecret } from './sealed-secret.js';

/** What `IntegrationStore.ping()` saw: the database answered, and the settings an operator may want to check. */
export interface DatabaseStatus {
  dialect: 'sqlite' | 'postgres';
  /**
   * SQLite only: `PRAGMA synchronous` of the connection the server uses (it is per connection), so what is
   * reported is what runs: `full` (every commit synced) unless something changed it.
   */
  synchronous?: 'off' | 'normal' | 'full' | 'extra';
}

/** A person in the product, as the product's `authenticate` hook names them. */
export interface Account {
  id: string;
  name: string;
}

/**
 * The whole store: one sub-store per aggregate, plus what spans them.
 *
 * @example
 * if (!(await store.grants.markRefreshTokenUsed(tokenHash, now))) await store.grants.revokeGrant(grantId, now);
 */
export interface IntegrationStore {
  /** Consent screens shown and not yet answered. */
  readonly consents: ConsentStore;
  /** Each person's connections to Notion workspaces, with Notion's (sealed) token. */
  readonly connections: ConnectionStore;
  /** Grants, their authorization codes, access and refresh tokens. */
  readonly grants: GrantStore;
  /** The preview registry: which (uri, connection) pairs Notion shows. */
  readonly previews: PreviewStore;
  /** Pending pushed updates (SPEC §4). */
  readonly outbox: OutboxStore;
  /** Where rate and failure limits keep their state: memory (SQLite), or the database shared by instances. */
  readonly limits: LimitStore;
  /** ReDoS verdicts of rule patterns, remembered so a restart does not analyse the same rules again. */
  readonly redosVerdicts: RedosVerdictStore;

  /**
   * One cheap round trip to the database (readiness, and the outbox worker's probe while it is down); throws
   * what the driver threw when it cannot answer within the configured timeout.
   */
  ping(): Promise<DatabaseStatus>;
  /** Drops records whose expiry passed before `now` (requests, codes, tokens); returns how many. */
  purgeExpired(now: number): Promise<number>;
  close(): Promise<void>;
}
