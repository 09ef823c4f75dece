import type { Kysely } from 'kysely';
import type { EmulatorRandom } from '../runtime/random.js';
import { hashToken } from './connection-store.js';
import type { EmulatorDatabase } from './database.js';

/** One connection made for a load test: what the integration's side must hold to push updates to it. */
export interface SeededConnection {
  connectionId: string;
  botId: string;
  externalKey: string;
  /** The Notion access token, in clear: the integration stores it (encrypted) as if it had exchanged a code. */
  notionToken: string;
}

/** The person load-test connections belong to; not one of the workspace page's people, so no page lists them. */
export const LOAD_TEST_PERSON = 'load-test';

/**
 * For benchmarks: `count` connections that each unfurled `uri` (an external object exists, so a PATCH is
 * accepted), created in batches in one transaction instead of through `count` OAuth flows.
 */
export async function seedConnections(
  db: Kysely<EmulatorDatabase>,
  options: { count: number; uri: string; now: number; random: EmulatorRandom },
): Promise<SeededConnection[]> {
  const seeded: SeededConnection[] = Array.from({ length: options.count }, (_, i) => ({
    connectionId: options.random.uuid(),
    botId: options.random.uuid(),
    externalKey: `load-${i}`,
    notionToken: `secret_${options.random.token()}`,
  }));
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < seeded.length; start += 500) {
      const batch = seeded.slice(start, start + 500);
      await trx
        .insertInto('connections')
        .values(
          batch.map((c) => ({
            id: c.connectionId,
            person: LOAD_TEST_PERSON,
            external_key: c.externalKey,
            external_name: c.externalKey,
            bot_id: c.botId,
            notion_token_hash: hashToken(c.notionToken),
            integration_access_token: null,
            integration_refresh_token: null,
            integration_expires_at: null,
            warnings: '[]',
            created_at: options.now,
            updated_at: options.now,
          })),
        )
        .execute();
      await trx
        .insertInto('external_objects')
        .values(
          batch.map((c) => ({
            connection_id: c.connectionId,
            uri: options.uri,
            status: 'ready',
            attributes: null,
            error: null,
            warnings: '[]',
            failure: null,
            updated_at: options.now,
          })),
        )
        .execute();
    }
  });
  return seeded;
}
