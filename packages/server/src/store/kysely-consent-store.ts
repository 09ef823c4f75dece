import type { Kysely } from 'kysely';
import type { AuthorizationRequestRecord, ConsentStore } from './consent-store.js';
import type { Database } from './database.js';
import { fromAuthorizationRequestRow, toAuthorizationRequestRow } from './row-mapping.js';

/**
 * Consent requests on SQLite and PostgreSQL. "Mark used" is a single `UPDATE … WHERE used_at IS NULL`: the
 * database serialises two writers and exactly one sees a changed row, with no read-then-write window.
 *
 * @example
 * const consents = new KyselyConsentStore(db);
 * if (!(await consents.markAuthorizationRequestUsed(idHash, now))) return alreadyAnswered();
 */
export class KyselyConsentStore implements ConsentStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createAuthorizationRequest(record: AuthorizationRequestRecord): Promise<void> {
    await this.#db.insertInto('authorization_requests').values(toAuthorizationRequestRow(record)).execute();
  }

  async findAuthorizationRequest(idHash: string): Promise<AuthorizationRequestRecord | undefined> {
    const row = await this.#db
      .selectFrom('authorization_requests')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return row && fromAuthorizationRequestRow(row);
  }

  async markAuthorizationRequestUsed(idHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('authorization_requests')
      .set({ used_at: now })
      .where('id_hash', '=', idHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
