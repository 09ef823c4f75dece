import type { UnfurlObject } from '@unfurlkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { notionTokenAad } from '../crypto/notion-token-aad.js';
import { lazyChildLogger } from '../http/lazy-child-logger.js';
import type { ClaimedOutboxRow, NotionConnectionRecord } from '../store/store.js';
import { type ResolvedUnfurl, resolveUnfurl } from '../unfurl/resolve-unfurl.js';
import { type DeliveryFact, decideDelivery, notionSignal } from './delivery-decision.js';
import type { DeliveryDeps } from './delivery-deps.js';
import { refreshConnectionToken, tokenExpired } from './notion-token-refresh.js';
import { settleDelivery } from './settle-delivery.js';

export type { DeliveryDeps } from './delivery-deps.js';

/** One attempt's fact, and how to PATCH again after refreshing the token (when the attempt reached a PATCH). */
interface Attempt {
  fact: DeliveryFact;
  again?: () => Promise<DeliveryFact>;
}

/**
 * Delivers one outbox row: re-resolves the preview **for its own person** (their permissions may differ from
 * whoever changed the data), sends the whole set with their Notion token (refreshed first when it is past its
 * expiry), and settles the row by Notion's answer (`decideDelivery`). When the decision is `refresh-and-retry`
 * (a 401 with a refresh token), the token is refreshed and the same body PATCHed once more, and that answer is
 * decided. A row is deleted only after a 2xx, and only if no newer change arrived meanwhile (then it goes again).
 * `connection`: the row's connection as the worker read it for its whole claim, just now (else read here).
 * `decided`: called once nothing more will be sent to Notion for this row (its answer is in and recorded with the
 * breaker, or the row stopped before a request), just before the row is settled in the database.
 */
export async function deliverUpdate(
  row: ClaimedOutboxRow,
  deps: DeliveryDeps,
  probe = false,
  connection?: Promise<NotionConnectionRecord | undefined>,
  decided?: () => void,
): Promise<void> {
  const log = lazyChildLogger(deps.logger, {
    connectionId: row.connectionId,
    uri: row.uri,
    generation: row.generation,
  });
  const attempt = await attemptDelivery(row, deps, log, connection);
  // The connection's turn is held until the row is settled: a 429's pause is in force before the next row of
  // the connection may go.
  const holdsTurn = attempt.fact.kind !== 'connection-gone' && attempt.fact.kind !== 'paced';
  try {
    const decide = (fact: DeliveryFact) =>
      decideDelivery(fact, row, deps.settings, { now: deps.context.clock(), probe });
    let fact = attempt.fact;
    let action = decide(fact);
    if (action.kind === 'refresh-and-retry' && attempt.again) {
      log.info("Notion refused this connection's token: refreshing it and sending once more");
      fact = await attempt.again();
      action = decide(fact);
    }
    // A probe that never reached Notion (paced, resolver failed) proves nothing: the breaker lets another go.
    deps.breaker.record(notionSignal(fact), probe);
    // A second 401 right after a refresh is decided as final (`refreshable: false`): never a loop.
    if (action.kind === 'refresh-and-retry') action = { kind: 'revoke-connection', reason: 'unauthorized' };
    decided?.();
    await settleDelivery(action, row, deps, log);
  } finally {
    if (holdsTurn) deps.pacing.release(row.connectionId);
  }
}

/** Reads and calls, up to the first thing that stops this row (or Notion's answer to the PATCH). */
async function attemptDelivery(
  row: ClaimedOutboxRow,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
  read?: Promise<NotionConnectionRecord | undefined>,
): Promise<Attempt> {
  const { context } = deps;
  const connection = await (read ?? context.store.connections.find(row.connectionId));
  if (!connection || connection.revokedAt !== null) return { fact: { kind: 'connection-gone' } };
  // Pace before resolving: a row that must wait costs no resolver call (the product's database), and gets a slot
  // of its own, so a connection's backlog comes due one row per token (token-bucket.ts, takeOrSlot).
  const wait = await deps.pacing.acquire(row.connectionId);
  if (wait > 0) return { fact: { kind: 'paced', waitMs: wait } };
  try {
    return await resolveAndPatch(row, connection, deps, log);
  } catch (error) {
    deps.pacing.release(row.connectionId);
    throw error;
  }
}

/** The part of an attempt that holds the connection's turn: resolve for its person, then PATCH. */
async function resolveAndPatch(
  row: ClaimedOutboxRow,
  connection: NotionConnectionRecord,
  deps: DeliveryDeps,
  log: FastifyBaseLogger,
): Promise<Attempt> {
  const { context } = deps;
  const resolved = await resolveUnfurl({
    uri: row.uri,
    account: { id: connection.accountId, name: connection.accountName },
    integration: context.integration,
    rules: context.rules,
    timeoutMs: context.config.resolverTimeoutMs,
    logger: log,
  });
  if (resolved.outcome === 'no-rule' || resolved.outcome === 'bad-uri')
    return { fact: { kind: 'rule-gone' } };
  if (resolved.outcome === 'failed') return { fact: { kind: 'resolver-failed' } };
  if (!(await deps.pacing.paceIntegration(deps.running))) return { fact: { kind: 'pacing-stopped' } };
  const send = (refresh: boolean) => patchWithToken(connection, resolved, refresh, context, log);
  return {
    fact: await send(tokenExpired(connection.accessTokenExpiresAt, context.clock())),
    again: () => send(true),
  };
}

/**
 * PATCHes with the connection's Notion token, refreshing it first when asked to (expired, or refused by Notion).
 * An expired token without a refresh token is still tried: Notion's answer decides.
 */
async function patchWithToken(
  connection: NotionConnectionRecord,
  resolved: { outcome: ResolvedUnfurl['outcome']; body: UnfurlObject },
  refresh: boolean,
  context: ServerContext,
  log: FastifyBaseLogger,
): Promise<DeliveryFact> {
  let current = connection;
  if (refresh && connection.refreshToken !== null) {
    const outcome = await refreshConnectionToken(connection, context, log);
    if (outcome.kind === 'gone') return { kind: 'connection-gone' };
    if (outcome.kind === 'undecryptable') return { kind: 'undecryptable', cause: outcome.cause };
    if (outcome.kind === 'busy') return { kind: 'refresh-failed', refresh: 'busy', reason: 'busy' };
    if (outcome.kind !== 'refreshed')
      return { kind: 'refresh-failed', refresh: outcome.kind, reason: outcome.reason };
    current = outcome.connection;
  }
  let token: string;
  try {
    token = context.secretBox.open(current.accessToken, notionTokenAad(current.accountId, current.botId));
  } catch (error) {
    return { kind: 'undecryptable', cause: error };
  }
  const outcome = await context.notion.patchExternalObject(token, resolved.body);
  const refreshable = current === connection && current.refreshToken !== null;
  return { kind: 'patched', outcome, sent: resolved.outcome, refreshable };
}
