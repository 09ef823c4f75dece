import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { PreviewRecord, PreviewStore } from './preview-store.js';
import { fromPreviewRow, toPreviewRow } from './row-mapping.js';

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
    await this.#db
      .insertInto('previews')
      .values(toPreviewRow(record))
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
