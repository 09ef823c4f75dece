import type { FastifyBaseLogger } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { notionRefreshTokenAad, notionTokenAad } from '../crypto/notion-token-aad.js';
import type { NotionConnectionRecord, RefreshedNotionToken } from '../store/store.js';

/** What refreshing a connection's Notion token came to. */
export type TokenRefresh =
  /** A live token: this process refreshed it, or another one did meanwhile (then `connection` is the re-read row). */
  | { kind: 'refreshed'; connection: NotionConnectionRecord }
  /** The connection was deleted or revoked meanwhile. */
  | { kind: 'gone' }
  /** Notion will not refresh this token (or there is none): the person must reconnect. */
  | { kind: 'refused'; reason: string }
  /** Notion did not answer usefully; ask again later. */
  | { kind: 'transient'; reason: string }
  /** Another process holds the refresh lease and has not saved a new token yet. */
  | { kind: 'busy' }
  /** The stored refresh token cannot be opened (its key was removed). */
  | { kind: 'undecryptable'; cause: unknown };

/**
 * Whether a connection's access token is past its expiry: refresh before the PATCH rather than spend it on a 401.
 * A token without an expiry (Notion gave no `expires_in`) never is.
 *
 * @example
 * tokenExpired(1_000, 1_000); // true
 */
export function tokenExpired(accessTokenExpiresAt: number | null, now: number): boolean {
  return accessTokenExpiresAt !== null && now >= accessTokenExpiresAt;
}

/**
 * Refreshes a connection's Notion token, one refresh at a time per connection, also across processes sharing
 * the database: the conditional `claimRefresh` lets exactly one caller holding the current token refresh it
 * (lease: twice `NOTION_TIMEOUT_MS`, so a crashed refresher does not block the others for long); a caller that
 * loses re-reads the row and uses the winner's token once it is saved, or is told `busy` (its row is retried
 * shortly). Notion rotates refresh tokens, so two refreshes of the same token would end with the loser's
 * refresh refused: the lease is what keeps a working connection from being marked revoked.
 *
 * @example
 * const refresh = await refreshConnectionToken(connection, context, log);
 * if (refresh.kind === 'refreshed') patchWith(refresh.connection);
 */
export async function refreshConnectionToken(
  connection: NotionConnectionRecord,
  context: ServerContext,
  log: FastifyBaseLogger,
): Promise<TokenRefresh> {
  const { store, secretBox, notion } = context;
  if (connection.refreshToken === null) return { kind: 'refused', reason: 'Notion gave no refresh token' };
  const now = context.clock();
  const leaseUntil = now + 2 * context.config.notion.timeoutMs;
  if (!(await store.connections.claimRefresh(connection.id, connection.accessToken, now, leaseUntil))) {
    return reread(connection, context);
  }
  let refreshToken: string;
  try {
    refreshToken = secretBox.open(
      connection.refreshToken,
      notionRefreshTokenAad(connection.accountId, connection.botId),
    );
  } catch (cause) {
    await store.connections.releaseRefresh(connection.id, connection.accessToken);
    return { kind: 'undecryptable', cause };
  }
  const outcome = await notion.refreshToken(refreshToken);
  if (outcome.kind === 'refused') return outcome;
  if (outcome.kind === 'transient') {
    await store.connections.releaseRefresh(connection.id, connection.accessToken);
    return outcome;
  }
  const sealed: RefreshedNotionToken = {
    accessToken: secretBox.seal(outcome.accessToken, notionTokenAad(connection.accountId, connection.botId)),
    // Notion rotates; an answer without a new refresh token keeps none (the old one is spent).
    refreshToken: outcome.refreshToken
      ? secretBox.seal(outcome.refreshToken, notionRefreshTokenAad(connection.accountId, connection.botId))
      : null,
    accessTokenExpiresAt:
      outcome.expiresInSeconds === null ? null : context.clock() + outcome.expiresInSeconds * 1000,
  };
  const saved = await store.connections.saveRefreshed(
    connection.id,
    connection.accessToken,
    sealed,
    context.clock(),
  );
  log.info({ saved }, 'Notion token refreshed');
  // Not saved: a reconnect stored a newer token meanwhile (or the lease ran out and another process refreshed);
  // that one is the connection's token now.
  return saved
    ? { kind: 'refreshed', connection: { ...connection, ...sealed } }
    : reread(connection, context);
}

/** After losing the claim: the winner's token once saved, or `busy` while it is still refreshing. */
async function reread(connection: NotionConnectionRecord, context: ServerContext): Promise<TokenRefresh> {
  const current = await context.store.connections.find(connection.id);
  if (!current || current.revokedAt !== null) return { kind: 'gone' };
  if (current.accessToken.sealed !== connection.accessToken.sealed)
    return { kind: 'refreshed', connection: current };
  return { kind: 'busy' };
}
