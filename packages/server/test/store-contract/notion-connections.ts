import { describe, expect, it } from 'vitest';
import type { IntegrationStore } from '../../src/store/store.js';
import { aConnectionInput, aPreview, aSealedSecret, givenGrant, MINUTE, T0 } from '../store-fixtures.js';

export function notionConnectionContract(store: () => IntegrationStore): void {
  describe('Notion connections', () => {
    it('inserts a new connection with a fresh id, created = updated = now, and not revoked', async () => {
      const input = aConnectionInput();
      const created = await store().upsertNotionConnection(input, T0);
      expect(created).toEqual({
        ...input,
        id: expect.any(String),
        createdAt: T0,
        updatedAt: T0,
        revokedAt: null,
      });
      expect(created.id).not.toBe('');
      expect(await store().findNotionConnection(created.id)).toEqual(created);
    });

    it('keeps the id and createdAt on reconnect, and replaces token, names, workspace and updatedAt', async () => {
      const first = await store().upsertNotionConnection(aConnectionInput(), T0);
      const again = aConnectionInput({
        accountId: first.accountId,
        botId: first.botId,
        accountName: 'Ada King',
        workspaceId: 'ws-moved',
        workspaceName: null,
        workspaceIcon: null,
        accessToken: aSealedSecret(),
      });
      const second = await store().upsertNotionConnection(again, T0 + MINUTE);
      expect(second).toEqual({
        ...again,
        id: first.id,
        createdAt: T0,
        updatedAt: T0 + MINUTE,
        revokedAt: null,
      });
      expect(await store().findNotionConnection(first.id)).toEqual(second);
    });

    it('gives another bot, or another person, a connection of its own', async () => {
      const first = await store().upsertNotionConnection(aConnectionInput(), T0);
      const otherBot = await store().upsertNotionConnection(
        aConnectionInput({ accountId: first.accountId }),
        T0,
      );
      const otherPerson = await store().upsertNotionConnection(aConnectionInput({ botId: first.botId }), T0);
      expect(new Set([first.id, otherBot.id, otherPerson.id]).size).toBe(3);
      expect((await store().findNotionConnection(first.id))?.accessToken).toEqual(first.accessToken);
    });

    it('keeps one row when the same person reconnects twice at the same moment', async () => {
      const input = aConnectionInput();
      const [a, b] = await Promise.all([
        store().upsertNotionConnection(input, T0),
        store().upsertNotionConnection({ ...input, accessToken: aSealedSecret() }, T0 + 1),
      ]);
      expect(a.id).toBe(b.id);
      const stored = await store().findNotionConnection(a.id);
      expect([a.accessToken, b.accessToken]).toContainEqual(stored?.accessToken);
    });

    it('marks a connection revoked: revokedAt set, the first time kept, nothing else changed', async () => {
      const connection = await store().upsertNotionConnection(aConnectionInput(), T0);
      await store().markNotionConnectionRevoked(connection.id, T0 + MINUTE);
      expect(await store().findNotionConnection(connection.id)).toEqual({
        ...connection,
        revokedAt: T0 + MINUTE,
      });
      await store().markNotionConnectionRevoked(connection.id, T0 + 2 * MINUTE);
      expect((await store().findNotionConnection(connection.id))?.revokedAt).toBe(T0 + MINUTE);
      await expect(store().markNotionConnectionRevoked('no-such-connection', T0)).resolves.toBeUndefined();
    });

    it('clears revokedAt when the person reconnects, keeping the id', async () => {
      const input = aConnectionInput();
      const first = await store().upsertNotionConnection(input, T0);
      const other = await store().upsertNotionConnection(aConnectionInput(), T0);
      await store().markNotionConnectionRevoked(first.id, T0 + MINUTE);
      await store().markNotionConnectionRevoked(other.id, T0 + MINUTE);
      const token = aSealedSecret();
      const again = await store().upsertNotionConnection({ ...input, accessToken: token }, T0 + 2 * MINUTE);
      expect(again).toEqual({ ...first, accessToken: token, updatedAt: T0 + 2 * MINUTE, revokedAt: null });
      expect(await store().findNotionConnection(first.id)).toEqual(again);
      expect((await store().findNotionConnection(other.id))?.revokedAt).toBe(T0 + MINUTE);
    });

    it('finds nothing for an unknown id', async () => {
      expect(await store().findNotionConnection('no-such-connection')).toBeUndefined();
    });

    it('deletes the connection and its previews, and only those', async () => {
      const doomed = await store().upsertNotionConnection(aConnectionInput(), T0);
      const kept = await store().upsertNotionConnection(aConnectionInput(), T0);
      const shared = aPreview(doomed.id);
      await store().recordPreview(shared);
      await store().recordPreview(aPreview(doomed.id));
      await store().recordPreview(aPreview(kept.id, { uri: shared.uri }));

      await store().deleteNotionConnection(doomed.id);

      expect(await store().findNotionConnection(doomed.id)).toBeUndefined();
      expect(await store().listPreviewsOfConnection(doomed.id)).toEqual([]);
      expect((await store().listPreviewsOfUri(shared.uri)).map((p) => p.connectionId)).toEqual([kept.id]);
      expect(await store().findNotionConnection(kept.id)).toBeDefined();
    });

    it('deletes idempotently: twice, or an id that never existed', async () => {
      const connection = await store().upsertNotionConnection(aConnectionInput(), T0);
      await store().deleteNotionConnection(connection.id);
      await expect(store().deleteNotionConnection(connection.id)).resolves.toBeUndefined();
      await expect(store().deleteNotionConnection('never-existed')).resolves.toBeUndefined();
    });

    it('leaves grants in place when their connection is deleted (the deletion flow revokes them first)', async () => {
      const { connection, grant } = await givenGrant(store());
      expect(await store().revokeGrantsOfConnection(connection.id, T0 + 1)).toBe(1);
      await store().deleteNotionConnection(connection.id);
      expect(await store().findGrant(grant.id)).toEqual({ ...grant, revokedAt: T0 + 1 });
    });
  });
}
