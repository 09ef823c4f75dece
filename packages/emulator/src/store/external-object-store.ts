import type { Attribute, UnfurlErrorValue } from '@unfurlkit/core';
import type { Kysely, Selectable } from 'kysely';
import type { EmulatorDatabase, ExternalObjectTable } from './database.js';

/** Why an answer could not be drawn: shown as an error card. */
export interface UnfurlFailure {
  /** One line: what went wrong. */
  title: string;
  /** The details a developer needs (status, body excerpt, validation issues). */
  detail: string;
  httpStatus?: number;
}

export type ExternalObjectStatus = 'pending' | 'ready' | 'failed';

/** What Notion knows about one uri for one connection: the last unfurl answer, as changed by PATCHes. */
export interface ExternalObject {
  connectionId: string;
  uri: string;
  status: ExternalObjectStatus;
  attributes: Attribute[] | null;
  error: UnfurlErrorValue | null;
  warnings: string[];
  failure: UnfurlFailure | null;
  updatedAt: number;
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function toObject(row: Selectable<ExternalObjectTable>): ExternalObject {
  return {
    connectionId: row.connection_id,
    uri: row.uri,
    status: row.status as ExternalObjectStatus,
    attributes: parseJson<Attribute[]>(row.attributes),
    error: parseJson<UnfurlErrorValue>(row.error),
    warnings: JSON.parse(row.warnings) as string[],
    failure: parseJson<UnfurlFailure>(row.failure),
    updatedAt: row.updated_at,
  };
}

export class ExternalObjectStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  async get(connectionId: string, uri: string): Promise<ExternalObject | undefined> {
    const row = await this.db
      .selectFrom('external_objects')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('uri', '=', uri)
      .executeTakeFirst();
    return row && toObject(row);
  }

  async listByConnections(connectionIds: readonly string[]): Promise<ExternalObject[]> {
    if (connectionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('external_objects')
      .selectAll()
      .where('connection_id', 'in', connectionIds)
      .execute();
    return rows.map(toObject);
  }

  /** Records that Notion asked the integration about `uri`, keeping what it showed before (a refresh). */
  async markAsked(connectionId: string, uri: string, now: number): Promise<void> {
    await this.db
      .insertInto('external_objects')
      .values({
        connection_id: connectionId,
        uri,
        status: 'pending',
        attributes: null,
        error: null,
        warnings: '[]',
        failure: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['connection_id', 'uri']).doNothing())
      .execute();
  }

  /** Replaces what the object shows (an unfurl answer, a PATCH, or a failure). */
  async save(object: ExternalObject): Promise<void> {
    const values = {
      status: object.status,
      attributes: object.attributes === null ? null : JSON.stringify(object.attributes),
      error: object.error === null ? null : JSON.stringify(object.error),
      warnings: JSON.stringify(object.warnings),
      failure: object.failure === null ? null : JSON.stringify(object.failure),
      updated_at: object.updatedAt,
    };
    await this.db
      .insertInto('external_objects')
      .values({ connection_id: object.connectionId, uri: object.uri, ...values })
      .onConflict((oc) => oc.columns(['connection_id', 'uri']).doUpdateSet(values))
      .execute();
  }

  async remove(connectionId: string, uri: string): Promise<void> {
    await this.db
      .deleteFrom('external_objects')
      .where('connection_id', '=', connectionId)
      .where('uri', '=', uri)
      .execute();
  }

  async removeAll(connectionId: string): Promise<void> {
    await this.db.deleteFrom('external_objects').where('connection_id', '=', connectionId).execute();
  }
}
