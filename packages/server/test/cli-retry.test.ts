import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/cli-io.js';
import { parseSince, runUpdates } from '../src/cli/updates-command.js';
import { openStore } from '../src/store/open-store.js';
import type { OutboxRow } from '../src/store/store.js';

/*
 * `unfurlkit updates retry` in bulk (--all, --connection, --since) next to the one-row form, against a real
 * SQLite file written the way a server writes it; --all also through the real bin in a child process.
 */

const BIN = fileURLToPath(new URL('../bin/unfurlkit.js', import.meta.url));
const HOUR = 3_600_000;

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err };
}

let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-retry-'));
  env = { DATABASE_URL: `sqlite:${join(dir, 'unfurlkit.db')}` };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Two connections; rows parked as failed 30 h, 3 h and 1 h ago (a, b on the first; c on the second), and one
 * pending row (d). Times are real: `--since 2h` is read against the clock.
 */
async function seed(): Promise<{ first: string; second: string }> {
  const store = await openStore(env.DATABASE_URL!);
  const now = Date.now();
  try {
    const connection = (name: string) =>
      store.connections.upsert(
        {
          accountId: name,
          accountName: name,
          botId: `bot-${name}`,
          workspaceId: `ws-${name}`,
          workspaceName: name,
          workspaceIcon: null,
          accessToken: { keyId: 'k1', sealed: 'opaque' },
        },
        now - 40 * HOUR,
      );
    const first = (await connection('alice')).id;
    const second = (await connection('bob')).id;
    const park = async (connectionId: string, name: string, hoursAgo: number) => {
      const at = now - hoursAgo * HOUR;
      const uri = `https://acme.com/items/${name}`;
      await store.outbox.enqueueChanges([{ connectionId, uri }], at - 1_000);
      const [row] = await store.outbox.claimDue(at, 1, { id: `lease-${name}`, until: at + 60_000 });
      expect(row?.uri).toBe(uri);
      await store.outbox.fail(
        row!,
        { attempts: 300, firstFailedAt: at - 24 * HOUR, lastStatus: 503, lastError: 'x' },
        at,
      );
    };
    await park(first, 'a', 30);
    await park(first, 'b', 3);
    await park(second, 'c', 1);
    await store.outbox.enqueueChanges([{ connectionId: second, uri: 'https://acme.com/items/d' }], now);
    return { first, second };
  } finally {
    await store.close();
  }
}

async function states(): Promise<Record<string, OutboxRow['state']>> {
  const store = await openStore(env.DATABASE_URL!);
  try {
    const rows = await store.outbox.list({ limit: 100 });
    return Object.fromEntries(rows.map((row) => [row.uri.slice(-1), row.state]));
  } finally {
    await store.close();
  }
}

describe('unfurlkit updates retry, in bulk', () => {
  it('--connection re-queues that connection’s failed rows; --since narrows to those parked since then', async () => {
    const { first } = await seed();
    const recent = capture();
    expect(await runUpdates(['retry', '--connection', first, '--since', '5h'], recent.io, env)).toBe(0);
    expect(recent.out).toEqual(['queued again: 1 failed update']);
    expect(await states()).toEqual({ a: 'failed', b: 'pending', c: 'failed', d: 'pending' });

    const sinceIso = new Date(Date.now() - 2 * HOUR).toISOString();
    const since = capture();
    expect(await runUpdates(['retry', '--since', sinceIso], since.io, env)).toBe(0);
    expect(since.out).toEqual(['queued again: 1 failed update']);
    expect(await states()).toEqual({ a: 'failed', b: 'pending', c: 'pending', d: 'pending' });

    const rest = capture();
    expect(await runUpdates(['retry', '--connection', first], rest.io, env)).toBe(0);
    expect(rest.out).toEqual(['queued again: 1 failed update']);
    const none = capture();
    expect(await runUpdates(['retry', '--connection', first], none.io, env)).toBe(0);
    expect(none.out).toEqual(['queued again: 0 failed updates']);
  });

  it('--all re-queues every failed row, through the real bin', async () => {
    await seed();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'updates', 'retry', '--all'],
        { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('queued again: 3 failed updates');
    expect(result.code).toBe(0);
    expect(await states()).toEqual({ a: 'pending', b: 'pending', c: 'pending', d: 'pending' });
  });

  it('keeps the one-row form, and refuses mixed or malformed requests with exit 1', async () => {
    const { second } = await seed();
    const one = capture();
    expect(await runUpdates(['retry', second, 'https://acme.com/items/c'], one.io, env)).toBe(0);
    expect(one.out).toEqual([`queued again: https://acme.com/items/c for connection ${second}`]);
    const cases: Array<[string[], RegExp]> = [
      [
        ['retry', second, 'https://acme.com/items/c', '--all'],
        /^retry takes either a connection id and a uri, or flags/,
      ],
      [['retry', '--all', '--connection', second], /^--all and --connection do not go together/],
      [['retry', '--since', 'yesterday'], /^--since is an ISO 8601 time/],
      [['retry', '--since', '5 hours'], /^--since is an ISO 8601 time/],
      [['retry', '--connection', ' '], /^--connection needs a connection id/],
      [['retry'], /^retry needs a connection id and a uri, or --all/],
    ];
    for (const [args, message] of cases) {
      const { io, out, err } = capture();
      expect(await runUpdates(args, io, env), args.join(' ')).toBe(1);
      expect(err.join('\n'), args.join(' ')).toMatch(message);
      expect(out).toEqual([]);
    }
    expect(await states()).toEqual({ a: 'failed', b: 'failed', c: 'pending', d: 'pending' });
  });
});

describe('parseSince', () => {
  it('reads ISO dates and times, and durations back from now; nothing else', () => {
    const now = Date.UTC(2026, 10, 30, 12);
    expect(parseSince('2026-11-30T10:00:00Z', now)).toBe(Date.UTC(2026, 10, 30, 10));
    expect(parseSince('2026-11-30', now)).toBe(Date.UTC(2026, 10, 30));
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('30m', now)).toBe(now - 1_800_000);
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    for (const bad of ['', '1', 'May', '-2h', '2w', '2026-13-45', 'now'])
      expect(parseSince(bad, now)).toBeUndefined();
  });
});
