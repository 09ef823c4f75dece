import type { CompiledQuery, Kysely, QueryResult } from 'kysely';

/** What the builder is given for each value: an object of its own, found again among the compiled parameters. */
export type StandIns<K extends string> = { readonly [Key in K]: never };

/**
 * A query whose SQL text never changes, built and compiled on first use with a stand-in for each value, then run
 * with each call's values where the stand-ins were. On hot paths (the server's outbox claims and completions, the
 * emulator's PATCH) building and compiling the query with Kysely cost more CPU than the database running it.
 *
 * Every parameter that is not a stand-in (a constant such as `'pending'`) is sent as compiled.
 *
 * @example
 * const byId = compiledOnce(['id'], (v) => db.selectFrom('grants').selectAll().where('id', '=', v.id));
 * const { rows } = await byId(db, { id });
 */
export function compiledOnce<K extends string, Row>(
  keys: readonly K[],
  build: (standIns: StandIns<K>) => { compile(): CompiledQuery<Row> },
): <DB>(db: Kysely<DB>, values: Record<K, unknown>) => Promise<QueryResult<Row>> {
  let compiled: CompiledQuery<Row> | undefined;
  /** For each compiled parameter, the key whose value goes there, or undefined for a constant. */
  let slots: Array<K | undefined> = [];
  return async (db, values) => {
    if (compiled === undefined) {
      const standIns = Object.fromEntries(keys.map((key) => [key, Object.freeze({ standIn: key })]));
      compiled = build(standIns as unknown as StandIns<K>).compile();
      const byStandIn = new Map<unknown, K>(keys.map((key) => [standIns[key], key]));
      slots = compiled.parameters.map((parameter) => byStandIn.get(parameter));
      const missing = keys.filter((key) => !slots.includes(key));
      if (missing.length > 0) throw new Error(`compiledOnce: ${missing.join(', ')} not among the parameters`);
    }
    const constants = compiled.parameters;
    const parameters = slots.map((key, index) => (key === undefined ? constants[index] : values[key]));
    return db.executeQuery<Row>({ ...compiled, parameters });
  };
}
