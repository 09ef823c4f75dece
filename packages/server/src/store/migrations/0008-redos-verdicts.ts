import type { Kysely } from 'kysely';

/*
 * `redos_verdicts`: what the ReDoS analysis concluded for one rule pattern, by core's verdict key (analyser
 * version, policy version, flags, source), so a restart with the same rules does not analyse them again (the
 * analysis runs in a child process that costs start-up time and memory). A new analyser or policy makes new keys.
 *
 * Same rules as `0001-initial`: dialect-neutral, `bigint` epoch-ms times, no database defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('redos_verdicts')
    .addColumn('key', 'text', (c) => c.notNull().primaryKey())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('redos_verdicts').execute();
}
