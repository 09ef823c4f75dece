import type { Kysely, Selectable } from 'kysely';
import type { EmulatorDatabase, PreviewTable } from './database.js';

/** A link block on a person's page; what it shows comes from the external object of its connection. */
export interface PreviewBlock {
  id: string;
  person: string;
  uri: string;
  connectionId: string | null;
  /** The integration whose rule matched the link; null: none did (a plain link card, nothing is fetched). */
  integrationId: string | null;
  createdAt: number;
}

function toBlock(row: Selectable<PreviewTable>): PreviewBlock {
  return {
    id: row.id,
    person: row.person,
    uri: row.uri,
    connectionId: row.connection_id,
    integrationId: row.integration_id,
    createdAt: row.created_at,
  };
}

export class PreviewStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  async create(block: PreviewBlock): Promise<void> {
    await this.db
      .insertInto('previews')
      .values({
        id: block.id,
        person: block.person,
        uri: block.uri,
        connection_id: block.connectionId,
        integration_id: block.integrationId,
        created_at: block.createdAt,
      })
      .execute();
  }

  async get(id: string): Promise<PreviewBlock | undefined> {
    const row = await this.db.selectFrom('previews').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBlock(row);
  }

  /** In page order: oldest first, as blocks on a Notion page. */
  async list(person?: string): Promise<PreviewBlock[]> {
    let query = this.db.selectFrom('previews').selectAll().orderBy('created_at').orderBy('id');
    if (person !== undefined) query = query.where('person', '=', person);
    return (await query.execute()).map(toBlock);
  }

  async listByConnection(connectionId: string): Promise<PreviewBlock[]> {
    const rows = await this.db
      .selectFrom('previews')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('created_at')
      .execute();
    return rows.map(toBlock);
  }

  /** Points every block of `person` for the integration that has no connection yet at the connection `to`. */
  async attach(person: string, integrationId: string, to: string): Promise<void> {
    await this.db
      .updateTable('previews')
      .set({ connection_id: to })
      .where('person', '=', person)
      .where('integration_id', '=', integrationId)
      .where('connection_id', 'is', null)
      .execute();
  }

  /** Leaves the blocks of a removed connection without one (they show placeholders again). */
  async detach(connectionId: string): Promise<void> {
    await this.db
      .updateTable('previews')
      .set({ connection_id: null })
      .where('connection_id', '=', connectionId)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('previews').where('id', '=', id).execute();
  }

  /** How many blocks of this connection still show `uri` (zero means: tell the integration). */
  async countShowing(connectionId: string, uri: string): Promise<number> {
    const row = await this.db
      .selectFrom('previews')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('connection_id', '=', connectionId)
      .where('uri', '=', uri)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
