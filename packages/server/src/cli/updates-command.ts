import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../store/database-url.js';
import { openStore } from '../store/open-store.js';
import type { IntegrationStore, OutboxRow, RevokedConnection } from '../store/store.js';
import type { CliIo } from './cli-io.js';

const HELP = `unfurlkit updates [list] [--state pending|failed] [--limit N] [--json]
unfurlkit updates retry <connection-id> <uri>
unfurlkit updates retry --all | --connection <id> [--since <time>]

Shows the outbox of pushed updates (DATABASE_URL from the environment, default sqlite:./data/unfurlkit.db):
pending rows waiting or in flight, and failed rows that kept failing for UPDATES_MAX_AGE or were refused by
Notion. "retry" puts failed rows back in the queue (one, all, one connection's, or those parked since <time>:
an ISO 8601 date or time, e.g. 2026-11-30T10:00:00Z, or a duration back from now: 90s, 30m, 2h, 7d); a running
server delivers them. "list" also shows revoked connections: Notion refused their token and it could not be
refreshed, so nothing is delivered to them until the person reconnects the integration from Notion.`;

export async function runUpdates(args: string[], io: CliIo, env = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      connection: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [action = 'list', ...rest] = positionals;
  if (action !== 'list' && action !== 'retry') {
    io.err(`unknown action "${action}"\n\n${HELP}`);
    return 1;
  }
  if (values.state !== undefined && values.state !== 'pending' && values.state !== 'failed') {
    io.err('--state is pending or failed');
    return 1;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.err('--limit is a positive whole number');
    return 1;
  }
  const retryRequest = action === 'retry' ? parseRetry(rest, values, Date.now()) : undefined;
  if (typeof retryRequest === 'string') {
    io.err(`${retryRequest}\n\n${HELP}`);
    return 1;
  }
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/unfurlkit.db';
  const location = parseDatabaseUrl(databaseUrl);
  // Opening a SQLite store creates the file: run from the wrong folder, this read-mostly command would make an
  // empty database and report "0 pending, 0 failed" instead of saying it found none.
  if (location.kind === 'sqlite' && location.filename !== ':memory:' && !existsSync(location.filename)) {
    io.err(
      `no database at ${location.display}: run this where the server runs, or set DATABASE_URL to its database`,
    );
    return 1;
  }
  // No bearer checks here: no cache, so no listening connection either.
  const store = await openStore(databaseUrl, { bearerCacheMs: 0 });
  try {
    if (retryRequest?.kind === 'one') {
      const { connectionId, uri } = retryRequest;
      const retried = await store.outbox.retry(connectionId, uri, Date.now());
      io[retried ? 'out' : 'err'](
        retried
          ? `queued again: ${uri} for connection ${connectionId}`
          : 'no failed update for that connection and uri',
      );
      return retried ? 0 : 1;
    }
    if (retryRequest?.kind === 'many') {
      const queued = await store.outbox.retryFailed(retryRequest.filter, Date.now());
      io.out(`queued again: ${queued} failed update${queued === 1 ? '' : 's'}`);
      return 0;
    }
    await listUpdates(
      store,
      { state: values.state as OutboxRow['state'] | undefined, limit, json: values.json },
      io,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** `updates list`: the outbox rows, then the revoked connections (nothing is delivered to those). */
async function listUpdates(
  store: IntegrationStore,
  options: { state: OutboxRow['state'] | undefined; limit: number; json: boolean },
  io: CliIo,
): Promise<void> {
  const { state, limit } = options;
  const rows = await store.outbox.list({ limit, ...(state ? { state } : {}) });
  if (options.json) {
    io.out(JSON.stringify(rows, null, 2));
    return;
  }
  const counts = await store.outbox.count();
  io.out(`${counts.pending} pending, ${counts.failed} failed`);
  for (const row of rows) io.out(describe(row));
  for (const line of describeRevoked(await store.connections.listRevoked(limit))) io.out(line);
}

type RetryRequest =
  | { kind: 'one'; connectionId: string; uri: string }
  | { kind: 'many'; filter: { connectionId?: string; since?: number } };

/** What `retry` was asked to re-queue, or the sentence saying what is wrong. */
function parseRetry(
  rest: string[],
  flags: { all: boolean; connection?: string | undefined; since?: string | undefined },
  now: number,
): RetryRequest | string {
  const bulk = flags.all || flags.connection !== undefined || flags.since !== undefined;
  if (!bulk) {
    const [connectionId, uri, ...extra] = rest;
    if (!connectionId || !uri || extra.length > 0) {
      return 'retry needs a connection id and a uri, or --all, --connection <id> or --since <time>';
    }
    return { kind: 'one', connectionId, uri };
  }
  if (rest.length > 0)
    return 'retry takes either a connection id and a uri, or flags (--all, --connection, --since)';
  if (flags.all && flags.connection !== undefined) return '--all and --connection do not go together';
  if (flags.connection !== undefined && flags.connection.trim() === '')
    return '--connection needs a connection id';
  const filter: { connectionId?: string; since?: number } = {};
  if (flags.connection !== undefined) filter.connectionId = flags.connection.trim();
  if (flags.since !== undefined) {
    const since = parseSince(flags.since, now);
    if (since === undefined) {
      return '--since is an ISO 8601 time (2026-11-30T10:00:00Z, 2026-11-30) or a duration back from now (90s, 30m, 2h, 7d)';
    }
    filter.since = since;
  }
  return { kind: 'many', filter };
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since`: an ISO 8601 date or date-time, or a duration back from `now`; undefined when neither. */
export function parseSince(text: string, now: number): number | undefined {
  const value = text.trim();
  const duration = /^(\d{1,9})([smhd])$/.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  // Only ISO forms: Date.parse alone would read "1" or "May" as some date.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

function describe(row: OutboxRow): string {
  const when = new Date(row.nextAttemptAt).toISOString();
  const last =
    row.lastStatus !== null || row.lastError ? `  last: ${row.lastStatus ?? '-'} ${row.lastError ?? ''}` : '';
  return `${row.state.padEnd(7)} ${row.connectionId}  ${row.uri}  attempts ${row.attempts}  next ${when}${last}`;
}

/** The "revoked connections" section: nothing when there are none. */
function describeRevoked(revoked: RevokedConnection[]): string[] {
  if (revoked.length === 0) return [];
  return [
    '',
    `revoked connections (${revoked.length}): Notion refused their token; the person must reconnect from Notion`,
    ...revoked.map(
      (c) =>
        `revoked ${c.id}  account ${c.accountId} (${c.accountName})${c.workspaceName ? `  workspace ${c.workspaceName}` : ''}  since ${new Date(c.revokedAt).toISOString()}`,
    ),
  ];
}
