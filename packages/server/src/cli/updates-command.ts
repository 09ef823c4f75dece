import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../store/database-url.js';
import { openStore } from '../store/open-store.js';
import type { OutboxRow } from '../store/store.js';
import type { CliIo } from './cli-io.js';

const HELP = `unfurlkit updates [list] [--state pending|failed] [--limit N] [--json]
unfurlkit updates retry <connection-id> <uri>

Shows the outbox of pushed updates (DATABASE_URL from the environment, default sqlite:./data/unfurlkit.db):
pending rows waiting or in flight, and failed rows that exhausted their retries or were refused by Notion.
"retry" puts a failed row back in the queue; a running server delivers it.`;

export async function runUpdates(args: string[], io: CliIo, env = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
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
  const [connectionId, uri] = rest;
  if (action === 'retry' && (!connectionId || !uri)) {
    io.err(`retry needs a connection id and a uri\n\n${HELP}`);
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
  const store = await openStore(databaseUrl);
  try {
    if (action === 'retry' && connectionId && uri) {
      const retried = await store.outbox.retry(connectionId, uri, Date.now());
      io[retried ? 'out' : 'err'](
        retried
          ? `queued again: ${uri} for connection ${connectionId}`
          : 'no failed update for that connection and uri',
      );
      return retried ? 0 : 1;
    }
    const rows = await store.outbox.list({
      limit,
      ...(values.state ? { state: values.state as OutboxRow['state'] } : {}),
    });
    if (values.json) io.out(JSON.stringify(rows, null, 2));
    else {
      const counts = await store.outbox.count();
      io.out(`${counts.pending} pending, ${counts.failed} failed`);
      for (const row of rows) io.out(describe(row));
    }
    return 0;
  } finally {
    await store.close();
  }
}

function describe(row: OutboxRow): string {
  const when = new Date(row.nextAttemptAt).toISOString();
  const last =
    row.lastStatus !== null || row.lastError ? `  last: ${row.lastStatus ?? '-'} ${row.lastError ?? ''}` : '';
  return `${row.state.padEnd(7)} ${row.connectionId}  ${row.uri}  attempts ${row.attempts}  next ${when}${last}`;
}
