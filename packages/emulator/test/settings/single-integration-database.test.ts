import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/index.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateUpTo } from '../../src/store/migrations.js';
import { FIXTURE_NOTION_CLIENT_ID, startFixtureIntegration } from '../fixtures/fixture-integration.js';
import { jsonRequest } from '../support/harness.js';

/** A database written by the single-integration emulator opens, and keeps its one integration and its rows. */
describe('an emulator database from before several integrations', () => {
  let emulator: RunningEmulator | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'emulator-v2-'));
  afterEach(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates: the settings become a list of one, connections and previews stay with it', async () => {
    const fixture = await startFixtureIntegration();
    const sqlitePath = join(dir, 'emulator.db');
    const db = openDatabase({ sqlitePath });
    await migrateUpTo(db, '002_notion_token_lifecycle');
    const now = Date.UTC(2026, 0, 1);
    await db
      .insertInto('meta')
      .values({ key: 'settings', value: JSON.stringify(fixture.settings()) })
      .execute();
    await db
      .insertInto('connections')
      .values({
        id: 'c1',
        person: 'ada',
        external_key: 'k1',
        external_name: 'Old account',
        bot_id: 'b1',
        notion_token_hash: null,
        integration_access_token: 'old-token',
        integration_refresh_token: null,
        integration_expires_at: null,
        warnings: '[]',
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    await db
      .insertInto('previews')
      .values({
        id: 'p1',
        person: 'ada',
        uri: 'https://fixture.test/items/1',
        connection_id: 'c1',
        created_at: now,
      } as never)
      .execute();
    await db.destroy();

    try {
      emulator = await startEmulator({ port: 0, logger: false, storage: { sqlitePath } });
      expect(emulator.settings().name).toBe('Fixture');
      expect(emulator.notionCredentials().clientId).toBe(FIXTURE_NOTION_CLIENT_ID);
      expect(emulator.integrations().map((i) => i.id)).toEqual(['default']);
      const { connections } = (await jsonRequest(`${emulator.url}/api/connections`)).body as {
        connections: Array<{ id: string; integrationId: string; integrationName: string }>;
      };
      expect(connections).toMatchObject([{ id: 'c1', integrationId: 'default', integrationName: 'Fixture' }]);
      const { previews } = (await jsonRequest(`${emulator.url}/api/previews`)).body as {
        previews: Array<{ id: string; integrationId: string; state: string }>;
      };
      expect(previews).toMatchObject([{ id: 'p1', integrationId: 'default', state: 'placeholder' }]);
      // Editing the one integration (a list of one over PUT /api/settings) keeps its connections.
      const put = await jsonRequest(`${emulator.url}/api/settings`, {
        method: 'PUT',
        body: { ...fixture.settings(), name: 'Renamed' },
      });
      expect(put.status).toBe(200);
      expect(emulator.integrations().map((i) => [i.id, i.name])).toEqual([['default', 'Renamed']]);
    } finally {
      await fixture.close();
    }
  });
});
