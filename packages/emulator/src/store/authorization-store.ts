import type { Kysely, Selectable } from 'kysely';
import type { AuthorizationTable, EmulatorDatabase } from './database.js';

/** One run of the connect flow: the `code` and `state` Notion put in the Authorize URL. */
export interface Authorization {
  state: string;
  code: string;
  person: string;
  sessionId: string | null;
  redirectUri: string;
  createdAt: number;
  codeUsedAt: number | null;
  stateUsedAt: number | null;
  connectionId: string | null;
  /** Why `/v1/oauth/token` refused the exchange of this code, when it did. */
  exchangeProblem: string | null;
  /** The integration whose Authorize URL this attempt went to. */
  integrationId: string;
}

function toAuthorization(row: Selectable<AuthorizationTable>): Authorization {
  return {
    state: row.state,
    code: row.code,
    person: row.person,
    sessionId: row.session_id,
    redirectUri: row.redirect_uri,
    createdAt: row.created_at,
    codeUsedAt: row.code_used_at,
    stateUsedAt: row.state_used_at,
    connectionId: row.connection_id,
    exchangeProblem: row.exchange_problem,
    integrationId: row.integration_id,
  };
}

export class AuthorizationStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  async create(
    input: Omit<Authorization, 'codeUsedAt' | 'stateUsedAt' | 'connectionId' | 'exchangeProblem'>,
  ): Promise<void> {
    await this.db
      .insertInto('authorizations')
      .values({
        state: input.state,
        code: input.code,
        person: input.person,
        session_id: input.sessionId,
        redirect_uri: input.redirectUri,
        created_at: input.createdAt,
        code_used_at: null,
        state_used_at: null,
        connection_id: null,
        exchange_problem: null,
        integration_id: input.integrationId,
      })
      .execute();
  }

  async findByCode(code: string): Promise<Authorization | undefined> {
    const row = await this.db
      .selectFrom('authorizations')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    return row && toAuthorization(row);
  }

  async findByState(state: string): Promise<Authorization | undefined> {
    const row = await this.db
      .selectFrom('authorizations')
      .selectAll()
      .where('state', '=', state)
      .executeTakeFirst();
    return row && toAuthorization(row);
  }

  /**
   * Marks the code used, only if it was not: returns false when another request used it first, so a code
   * is single-use even under concurrent exchanges.
   */
  async useCode(code: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('authorizations')
      .set({ code_used_at: now })
      .where('code', '=', code)
      .where('code_used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setConnection(code: string, connectionId: string): Promise<void> {
    await this.db
      .updateTable('authorizations')
      .set({ connection_id: connectionId })
      .where('code', '=', code)
      .execute();
  }

  /** Remembers why an exchange of this code was refused (the latest refusal wins). */
  async recordExchangeProblem(code: string, problem: string): Promise<void> {
    await this.db
      .updateTable('authorizations')
      .set({ exchange_problem: problem })
      .where('code', '=', code)
      .execute();
  }

  /** Marks the state used, only if it was not (a callback is honoured once). */
  async useState(state: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('authorizations')
      .set({ state_used_at: now })
      .where('state', '=', state)
      .where('state_used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Drops runs older than `before` (they can no longer complete). */
  async prune(before: number): Promise<void> {
    await this.db.deleteFrom('authorizations').where('created_at', '<', before).execute();
  }
}
