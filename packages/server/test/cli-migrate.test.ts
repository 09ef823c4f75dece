import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../src/store/migrations/all-migrations.js';
import {
  assertPostgresReachable,
  createSchema,
  dropSchema,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { BIN, exitCode, fixture, runBin, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * `unfurlkit migrate` and `serve --no-migrate` through the real bin, on a SQLite file and on PostgreSQL; and
 * four servers started at once on an empty PostgreSQL schema, which must apply each migration exactly once.
 */

const NAMES = Object.keys(ALL_MIGRATIONS);
const CONFIG = fixture('good-integration.js');
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** The DATABASE_URL whose search_path puts every table (and the migration bookkeeping) in `schema`. */
const schemaUrl = (schema: string) =>
  `${PG_TEST_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

/** The names in `schema`'s migration table, as many times as they occur. */
async function appliedIn(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: PG_TEST_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select name from ${pg.escapeIdentifier(schema)}.unfurlkit_migration order by name`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

function startServe(args: string[], cwd: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, 'serve', '--config', CONFIG, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
    }),
  );
}

describe('unfurlkit migrate and serve --no-migrate, through the real bin', () => {
  let dir: string;
  const schemas: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-migrate-'));
    await assertPostgresReachable();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const schema of schemas) await dropSchema(schema);
  });

  it('on a SQLite file: dry run, migrate, then up to date; serve --no-migrate only on a current database', async () => {
    const env = { ...serveEnv(dir), DATABASE_URL: `sqlite:${join(dir, 'sqlite', 'unfurlkit.db')}` };
    const dry = await runBin(['migrate', '--dry-run'], { cwd: dir, env });
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout.split('\n').filter((line) => line.startsWith('pending '))).toEqual(
      NAMES.map((name) => `pending ${name}`),
    );
    // A dry run creates nothing, not even the file.
    expect(existsSync(join(dir, 'sqlite', 'unfurlkit.db'))).toBe(false);

    const behind = await runBin(['serve', '--config', CONFIG, '--no-migrate'], { cwd: dir, env });
    expect(behind.code).toBe(1);
    expect(behind.stderr).toContain('Run "unfurlkit migrate"');
    for (const name of NAMES) expect(behind.stderr).toContain(name);
    expect(behind.stdout).not.toMatch(LISTENING);

    const applied = await runBin(['migrate'], { cwd: dir, env });
    expect(applied).toEqual({ code: 0, stdout: NAMES.map((n) => `applied ${n}\n`).join(''), stderr: '' });
    expect(await runBin(['migrate', '--dry-run'], { cwd: dir, env })).toEqual({
      code: 0,
      stdout: 'up to date\n',
      stderr: '',
    });
    expect(await runBin(['migrate'], { cwd: dir, env })).toMatchObject({ code: 0, stdout: 'up to date\n' });

    const server = startServe(['--no-migrate'], dir, env);
    try {
      await waitForOutput(server, LISTENING, 20_000);
    } finally {
      await stop([server]);
    }
  });

  it('on PostgreSQL: migrate applies each pending migration once; serve --no-migrate refuses a schema that is behind', async () => {
    const schema = uniqueSchemaName('cli_migrate');
    schemas.push(schema);
    await createSchema(schema);
    const env = { ...serveEnv(dir), DATABASE_URL: schemaUrl(schema) };

    const behind = await runBin(['serve', '--config', CONFIG, '--no-migrate'], { cwd: dir, env });
    expect(behind.code).toBe(1);
    expect(behind.stderr).toContain('Run "unfurlkit migrate"');
    expect(behind.stderr).toContain(NAMES.join(', '));

    const dry = await runBin(['migrate', '--dry-run', '--config', CONFIG], { cwd: dir, env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(NAMES.map((n) => `pending ${n}`).join('\n'));
    const applied = await runBin(['migrate'], { cwd: dir, env });
    expect(applied).toEqual({ code: 0, stdout: NAMES.map((n) => `applied ${n}\n`).join(''), stderr: '' });
    expect(await appliedIn(schema)).toEqual(NAMES);
    expect(await runBin(['migrate', '--dry-run'], { cwd: dir, env })).toMatchObject({
      code: 0,
      stdout: 'up to date\n',
    });

    const server = startServe(['--no-migrate'], dir, env);
    try {
      await waitForOutput(server, LISTENING, 20_000);
    } finally {
      await stop([server]);
    }
  });

  it('four servers started at once on an empty PostgreSQL schema apply each migration exactly once', async () => {
    const schema = uniqueSchemaName('four_serve');
    schemas.push(schema);
    await createSchema(schema);
    const children: ChildProcess[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        // One folder each: in development each server makes its own token key file under ./data.
        const cwd = join(dir, `instance-${i}`);
        await mkdir(cwd, { recursive: true });
        children.push(startServe([], cwd, { ...serveEnv(cwd), DATABASE_URL: schemaUrl(schema) }));
      }
      const urls = await Promise.all(children.map((child) => waitForOutput(child, LISTENING, 25_000)));
      expect(new Set(urls.map((match) => match[1])).size).toBe(4);
    } finally {
      await stop(children);
    }
    expect(await appliedIn(schema)).toEqual(NAMES);
  }, 40_000);
});
