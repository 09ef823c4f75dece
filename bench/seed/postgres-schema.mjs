// One PostgreSQL schema per unfurlkit server process, so runs never see each other's rows; dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The URL without its password, for messages. */
function display(url) {
  const shown = new URL(url);
  if (shown.password !== '') shown.password = '***';
  return shown.toString();
}

async function withClient(url, run) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${display(url)} (${error.message}); set BENCH_POSTGRES_URL or skip it with BENCH_ONLY`,
      {
        cause: error,
      },
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh schema; returns its name and a DATABASE_URL whose connections land in it. */
export async function createBenchSchema(url) {
  const schema = `unfurlkit_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(url, (client) => client.query(`create schema ${pg.escapeIdentifier(schema)}`));
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, databaseUrl: scoped.toString() };
}

export async function dropBenchSchema(url, schema) {
  await withClient(url, (client) =>
    client.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`),
  );
}
