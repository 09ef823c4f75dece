import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { PreviewRecord, PreviewStore } from './preview-store.js';
import { fromPreviewRow, toPreviewRow } from './row-mapping.js';

/** Rows per multi-row upsert: 6 parameters each, well under SQLite's and PostgreSQL's parameter limits. */
const UPSERT_CHUNK = 500;

/** The last record given for each (connection, uri): one statement cannot upsert the same row twice. */
function lastPerPair(records: readonly PreviewRecord[]): PreviewRecord[] {
  const byPair = new Map<string, PreviewRecord>();
  for (const record of records) byPair.set(`${record.connectionId}\n${record.uri}`, record);
  return [...byPair.values()];
}

/**
 * The preview registry on SQLite and PostgreSQL: which (uri, connection) pairs Notion is showing, so a change to
 * `uri` fans out to every connection that unfurled it. The primary key (connection_id, uri) makes a pair unique
 * and serves the per-connection list; indexes on uri and on rule_name serve the fan-outs.
 *
 * @example
 * const previews = new KyselyPreviewStore(db);
 * for (const preview of await previews.listOfUri(uri)) enqueueUpdate(preview);
 */
export class KyselyPreviewStore implements PreviewStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Inserts the pair or, when Notion unfurls it again, refreshes it. `created_at` keeps the first unfurl; rule
   * and account follow the latest one (a rule may have been renamed, a connection re-bound).
   */
  async record(record: PreviewRecord): Promise<void> {
    await this.#upsert(this.#db, [record]);
  }

  async recordMany(records: readonly PreviewRecord[]): Promise<void> {
    const unique = lastPerPair(records);
    if (unique.length === 0) return;
    if (unique.length <= UPSERT_CHUNK) {
      await this.#upsert(this.#db, unique);
      return;
    }
    await this.#db.transaction().execute(async (trx) => {
      for (let at = 0; at < unique.length; at += UPSERT_CHUNK) {
        await this.#upsert(trx, unique.slice(at, at + UPSERT_CHUNK));
      }
    });
  }

  /** One multi-row upsert statement (atomic on its own): the pairs must be distinct. */
  async #upsert(db: Kysely<Database>, records: readonly PreviewRecord[]): Promise<void> {
    await db
      .insertInto('previews')
      .values(records.map(toPreviewRow))
      .onConflict((oc) =>
        oc.columns(['connection_id', 'uri']).doUpdateSet((eb) => ({
          rule_name: eb.ref('excluded.rule_name'),
          account_id: eb.ref('excluded.account_id'),
          last_unfurled_at: eb.ref('excluded.last_unfurled_at'),
        })),
      )
      .execute();
  }

  /**
   * Removes the pair and its outbox row, in one transaction (Notion's DELETE /unfurl for a link it no longer
   * shows: an update still queued for it has nowhere to go). True when the pair existed.
   */
  async delete(connectionId: string, uri: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('previews')
        .where('connection_id', '=', connectionId)
        .where('uri', '=', uri)
        .executeTakeFirst();
      await trx
        .deleteFrom('outbox')
        .where('connection_id', '=', connectionId)
        .where('uri', '=', uri)
        .execute();
      return result.numDeletedRows > 0n;
    });
  }

  /** Every connection showing `uri`, oldest unfurl first (ties by connection id, for a stable order). */
  async listOfUri(uri: string): Promise<PreviewRecord[]> {
    const found = await this.#db
      .selectFrom('previews')
      .selectAll()
      .where('uri', '=', uri)
      .orderBy('created_at')
      .orderBy('connection_id')
      .execute();
    return found.map(fromPreviewRow);
  }

  /** Every uri a connection shows, oldest unfurl first (ties by uri). */
  async listOfConnection(connectionId: string): Promise<PreviewRecord[]> {
    const found = await this.#db
      .selectFrom('previews')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('created_at')
      .orderBy('uri')
      .execute();
    return found.map(fromPreviewRow);
  }

  /**
   * Every pair a rule produced, oldest unfurl first (ties by connection, then uri): the fan-out when what a whole
   * rule renders changes (its resolver, its template).
   */
  async listOfRule(ruleName: string): Promise<PreviewRecord[]> {
    const found = await this.#db
      .selectFrom('previews')
      .selectAll()
      .where('rule_name', '=', ruleName)
      .orderBy('created_at')
      .orderBy('connection_id')
      .orderBy('uri')
      .execute();
    return found.map(fromPreviewRow);
  }
}
