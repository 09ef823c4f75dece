import type { RedosVerdict } from '@unfurlkit/core';

/**
 * ReDoS verdicts remembered between starts, by core's verdict key (which names the analyser and policy versions,
 * so an upgrade screens again). Shared by every instance on one database.
 */
export interface RedosVerdictStore {
  /** The verdicts stored under `keys`; a key without one (or with an unreadable one) is absent from the map. */
  get(keys: readonly string[]): Promise<Map<string, RedosVerdict>>;
  /** Stores verdicts, one row per key: storing a key again replaces its verdict (repairs an unreadable one). */
  put(verdicts: ReadonlyArray<readonly [string, RedosVerdict]>, now: number): Promise<void>;
}
