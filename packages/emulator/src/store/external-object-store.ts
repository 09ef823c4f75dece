import type { Attribute, UnfurlErrorValue } from '@unfurlkit/core';
import { compiledOnce } from '@unfurlkit/core/kysely';
import { type Kysely, type Selectable, sql } from 'kysely';
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

/** What a PATCH changes in an object it applies to (SPEC §4): the rest stays. */
export interface ExternalObjectPatch {
  /** The new set; `undefined` keeps the one shown (a PATCH with only an error operation). */
  attributes: Attribute[] | undefined;
  error: UnfurlErrorValue | null;
  warnings: string[];
  updatedAt: number;
}

export class ExternalObjectStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  /** Compiled once: it runs for every PATCH. A null `attributes` keeps the set shown (`coalesce`). */
  readonly #patch = compiledOnce(
    ['attributes', 'error', 'warnings', 'updatedAt', 'connectionId', 'uri'],
    (v) =>
      this.db
        .updateTable('external_objects')
        .set({
          status: 'ready',
          attributes: sql<string | null>`coalesce(${v.attributes}, attributes)`,
          error: v.error,
          warnings: v.warnings,
          failure: null,
          updated_at: v.updatedAt,
        })
        .where('connection_id', '=', v.connectionId)
        .where('uri', '=', v.uri),
  );

  /**
   * Applies a PATCH to the object this connection holds for `uri`, in one statement (no read first); false when
   * it holds none. The object becomes `ready`, its failure is cleared, and an update without an error operation
   * clears the error.
   */
  async applyPatch(connectionId: string, uri: string, patch: ExternalObjectPatch): Promise<boolean> {
    const { numAffectedRows } = await this.#patch(this.db, {
      attributes: patch.attributes === undefined ? null : JSON.stringify(patch.attributes),
      error: patch.error === null ? null : JSON.stringify(patch.error),
      warnings: JSON.stringify(patch.warnings),
      updatedAt: patch.updatedAt,
      connectionId,
      uri,
    });
    return (numAffectedRows ?? 0n) > 0n;
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
