import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './database.js';

/**
 * A statement built and compiled on first use, then run with new values: on the refresh hot path building a
 * Kysely query (parsing, freezing, compiling its tree) cost more than SQLite running it.
 *
 * `build(named)` builds the statement with every value given as `named(name)`, a placeholder; compiling it shows
 * where each placeholder went among the statement's parameters, and each run puts `values[name]` there. Works for
 * any statement whose values all come through placeholders (the builder never inspects them).
 *
 * @example
 * const insertToken = compiledOnce((named) =>
 *   db.insertInto('access_tokens').values({ token_hash: named('token_hash'), ... }),
 * );
 * await insertToken(trx, { token_hash: digest, ... });
 */
export function compiledOnce<Row = unknown>(
  build: (named: <V>(name: string) => V) => { compile(): CompiledQuery<Row> },
) {
  let compiled: CompiledQuery<Row> | undefined;
  let names: string[] = [];
  return (db: Kysely<Database>, values: object): Promise<QueryResult<Row>> => {
    if (compiled === undefined) {
      const placeholders = new Map<unknown, string>();
      const query = build(<V>(name: string) => {
        const placeholder = { placeholder: name };
        placeholders.set(placeholder, name);
        return placeholder as V;
      }).compile();
      names = query.parameters.map((parameter) => {
        const name = placeholders.get(parameter);
        if (name === undefined)
          throw new Error(`compiledOnce: a value not given as a placeholder in ${query.sql}`);
        return name;
      });
      compiled = query;
    }
    return db.executeQuery<Row>({
      ...compiled,
      parameters: names.map((name) => (values as Record<string, unknown>)[name]),
    });
  };
}
