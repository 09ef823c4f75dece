import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { aConnectionInput, aPreview, aSealedSecret, givenGrant, MINUTE, T0 } from '../store-fixtures.js';

export function notionConnectionContract(store: () => IntegrationStore): void {
  describe('Notion connections', () => {
    it('inserts a new connection with a fresh id, created = updated = now, and not revoked', async () => {
      const input = aConnectionInput();
      const created = await store().connections.upsert(input, T0);
      expect(created).toEqual({
        ...input,
        id: expect.any(String),
        createdAt: T0,
        updatedAt: T0,
        revokedAt: null,
      });
      expect(created.id).not.toBe('');
      expect(await store().connections.find(created.id)).toEqual(created);
    });

    it('keeps the id and createdAt on reconnect, and replaces token, names, workspace and updatedAt', async () => {
      const first = await store().connections.upsert(aConnectionInput(), T0);
      const again = aConnectionInput({
        accountId: first.accountId,
        botId: first.botId,
        accountName: 'Ada King',
        workspaceId: 'ws-moved',
        workspaceName: null,
        workspaceIcon: null,
        accessToken: aSealedSecret(),
      });
      const second = await store().connections.upsert(again, T0 + MINUTE);
      expect(second).toEqual({
        ...again,
        id: first.id,
        createdAt: T0,
        updatedAt: T0 + MINUTE,
        revokedAt: null,
      });
      expect(await store().connections.find(first.id)).toEqual(second);
    });

    it('finds several connections in one read: those that exist, each once, revoked ones included', async () => {
      const a = await store().connections.upsert(aConnectionInput(), T0);
      const b = await store().connections.upsert(aConnectionInput(), T0);
      await store().connections.markRevoked(b.id, T0 + MINUTE);
      const found = await store().connections.findMany([b.id, a.id, 'no-such-connection', a.id]);
      expect(found.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
        [await store().connections.find(a.id), await store().connections.find(b.id)].sort((x, y) =>
          x!.id < y!.id ? -1 : 1,
        ),
      );
      expect(await store().connections.findMany([])).toEqual([]);
    });

    it('gives another bot, or another person, a connection of its own', async () => {
      const first = await store().connections.upsert(aConnectionInput(), T0);
      const otherBot = await store().connections.upsert(aConnectionInput({ accountId: first.accountId }), T0);
      const otherPerson = await store().connections.upsert(aConnectionInput({ botId: first.botId }), T0);
      expect(new Set([first.id, otherBot.id, otherPerson.id]).size).toBe(3);
      expect((await store().connections.find(first.id))?.accessToken).toEqual(first.accessToken);
    });

    it('keeps one row when the same person reconnects twice at the same moment', async () => {
      const input = aConnectionInput();
      const [a, b] = await Promise.all([
        store().connections.upsert(input, T0),
        store().connections.upsert({ ...input, accessToken: aSealedSecret() }, T0 + 1),
      ]);
      expect(a.id).toBe(b.id);
      const stored = await store().connections.find(a.id);
      expect([a.accessToken, b.accessToken]).toContainEqual(stored?.accessToken);
    });

    it('marks a connection revoked: revokedAt set, the first time kept, nothing else changed', async () => {
      const connection = await store().connections.upsert(aConnectionInput(), T0);
      await store().connections.markRevoked(connection.id, T0 + MINUTE);
      expect(await store().connections.find(connection.id)).toEqual({
        ...connection,
        revokedAt: T0 + MINUTE,
      });
      await store().connections.markRevoked(connection.id, T0 + 2 * MINUTE);
      expect((await store().connections.find(connection.id))?.revokedAt).toBe(T0 + MINUTE);
      await expect(store().connections.markRevoked('no-such-connection', T0)).resolves.toBeUndefined();
    });

    it('clears revokedAt when the person reconnects, keeping the id', async () => {
      const input = aConnectionInput();
      const first = await store().connections.upsert(input, T0);
      const other = await store().connections.upsert(aConnectionInput(), T0);
      await store().connections.markRevoked(first.id, T0 + MINUTE);
      await store().connections.markRevoked(other.id, T0 + MINUTE);
      const token = aSealedSecret();
      const again = await store().connections.upsert({ ...input, accessToken: token }, T0 + 2 * MINUTE);
      expect(again).toEqual({ ...first, accessToken: token, updatedAt: T0 + 2 * MINUTE, revokedAt: null });
      expect(await store().connections.find(first.id)).toEqual(again);
      expect((await store().connections.find(other.id))?.revokedAt).toBe(T0 + MINUTE);
    });

    it('finds nothing for an unknown id', async () => {
      expect(await store().connections.find('no-such-connection')).toBeUndefined();
    });

    it('deletes the connection and its previews, and only those', async () => {
      const doomed = await store().connections.upsert(aConnectionInput(), T0);
      const kept = await store().connections.upsert(aConnectionInput(), T0);
      const shared = aPreview(doomed.id);
      await store().previews.record(shared);
      await store().previews.record(aPreview(doomed.id));
      await store().previews.record(aPreview(kept.id, { uri: shared.uri }));

      await store().connections.delete(doomed.id);

      expect(await store().connections.find(doomed.id)).toBeUndefined();
      expect(await store().previews.listOfConnection(doomed.id)).toEqual([]);
      expect((await store().previews.listOfUri(shared.uri)).map((p) => p.connectionId)).toEqual([kept.id]);
      expect(await store().connections.find(kept.id)).toBeDefined();
    });

    it('deletes idempotently: twice, or an id that never existed', async () => {
      const connection = await store().connections.upsert(aConnectionInput(), T0);
      await store().connections.delete(connection.id);
      await expect(store().connections.delete(connection.id)).resolves.toBeUndefined();
      await expect(store().connections.delete('never-existed')).resolves.toBeUndefined();
    });

    it('leaves grants in place when their connection is deleted (the deletion flow revokes them first)', async () => {
      const { connection, grant } = await givenGrant(store());
      expect(await store().grants.revokeGrantsOfConnection(connection.id, T0 + 1)).toBe(1);
      await store().connections.delete(connection.id);
      expect(await store().grants.findGrant(grant.id)).toEqual({ ...grant, revokedAt: T0 + 1 });
    });
  });
}
