/*
 * Whose limit a 429 from Notion is about. Notion's answer does not say: its body is the same `rate_limited`
 * whether one connection (bot) or the whole integration went too fast. So we infer it: 429s on several distinct
 * connections within a short window mean the integration's limit (one connection's limit would not refuse the
 * others); otherwise the connection's own.
 */

/** Distinct connections refused within the window that make it the integration's limit. */
export const INTEGRATION_SCOPE_CONNECTIONS = 3;
/** The window, in ms: refusals further apart are separate events. */
export const INTEGRATION_SCOPE_WINDOW_MS = 2_000;

export interface Refusal {
  connectionId: string;
  at: number;
}

/**
 * `integration` when refusals of at least {@link INTEGRATION_SCOPE_CONNECTIONS} distinct connections fall within
 * the {@link INTEGRATION_SCOPE_WINDOW_MS} before `now`, else `connection`.
 *
 * @example
 * rateLimitScope([{ connectionId: 'a', at: 0 }, { connectionId: 'b', at: 10 }, { connectionId: 'c', at: 20 }], 30)
 * // 'integration'
 */
export function rateLimitScope(refusals: ReadonlyArray<Refusal>, now: number): 'connection' | 'integration' {
  const recent = new Set(
    refusals
      .filter((r) => r.at <= now && now - r.at <= INTEGRATION_SCOPE_WINDOW_MS)
      .map((r) => r.connectionId),
  );
  return recent.size >= INTEGRATION_SCOPE_CONNECTIONS ? 'integration' : 'connection';
}

/** The refusals still inside the window (what to keep for the next call), newest last, at most `max`. */
export function recentRefusals(refusals: ReadonlyArray<Refusal>, now: number, max = 100): Refusal[] {
  return refusals.filter((r) => now - r.at <= INTEGRATION_SCOPE_WINDOW_MS).slice(-max);
}
