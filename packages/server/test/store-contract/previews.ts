import { describe, expect, it } from 'vitest';
import type { IntegrationStore, PreviewRecord } from '../../src/store/store.js';
import { aConnectionInput, aPreview, MINUTE, T0 } from '../store-fixtures.js';

/** Order-free comparison: the interface promises no order, and collations differ between backends. */
const byKey = (a: PreviewRecord, b: PreviewRecord): number =>
  `${a.connectionId} ${a.uri}` < `${b.connectionId} ${b.uri}` ? -1 : 1;
const sorted = (previews: PreviewRecord[]): PreviewRecord[] => [...previews].sort(byKey);

export function previewContract(store: () => IntegrationStore): void {
  const aConnection = () => store().connections.upsert(aConnectionInput(), T0);

  describe('preview registry', () => {
    it('lists a recorded pair by uri and by connection', async () => {
      const connection = await aConnection();
      const preview = aPreview(connection.id);
      await store().previews.record(preview);
      expect(await store().previews.listOfUri(preview.uri)).toEqual([preview]);
      expect(await store().previews.listOfConnection(connection.id)).toEqual([preview]);
    });

    it('refreshes an existing pair: lastUnfurledAt, rule and account follow, createdAt stays', async () => {
      const connection = await aConnection();
      const first = aPreview(connection.id);
      await store().previews.record(first);
      const again = { ...first, ruleName: 'item-v2', accountId: 'acct-2', createdAt: T0 + MINUTE };
      await store().previews.record({ ...again, lastUnfurledAt: T0 + MINUTE });
      expect(await store().previews.listOfUri(first.uri)).toEqual([
        { ...again, createdAt: T0, lastUnfurledAt: T0 + MINUTE },
      ]);
    });

    it('records many pairs at once: new ones inserted, existing ones refreshed, a repeated pair keeps its last', async () => {
      const connection = await aConnection();
      const existing = aPreview(connection.id);
      await store().previews.record(existing);
      const fresh = Array.from({ length: 600 }, (_, i) =>
        aPreview(connection.id, { uri: `https://acme.test/many/${i}` }),
      );
      const refreshed = { ...existing, createdAt: T0 + MINUTE, lastUnfurledAt: T0 + MINUTE };
      const last = { ...fresh[0]!, accountId: 'acct-last', lastUnfurledAt: T0 + 2 * MINUTE };
      await store().previews.recordMany([...fresh, refreshed, last]);
      const listed = await store().previews.listOfConnection(connection.id);
      expect(listed).toHaveLength(601);
      expect(listed.find((p) => p.uri === existing.uri)).toEqual({
        ...existing,
        lastUnfurledAt: T0 + MINUTE,
      });
      expect(listed.find((p) => p.uri === last.uri)).toEqual(last);
      await store().previews.recordMany([]);
    });

    it('fans out: one uri across connections, one connection across uris', async () => {
      const [c1, c2] = [await aConnection(), await aConnection()];
      const shared = aPreview(c1.id);
      const sharedToo = aPreview(c2.id, { uri: shared.uri });
      const onlyC1 = aPreview(c1.id);
      for (const p of [shared, sharedToo, onlyC1]) await store().previews.record(p);
      expect(sorted(await store().previews.listOfUri(shared.uri))).toEqual(sorted([shared, sharedToo]));
      expect(sorted(await store().previews.listOfConnection(c1.id))).toEqual(sorted([shared, onlyC1]));
      expect(await store().previews.listOfUri('https://acme.test/never-pasted')).toEqual([]);
      expect(await store().previews.listOfConnection('no-such-connection')).toEqual([]);
    });

    it('keeps uris byte for byte: case, percent-encoding and non-ASCII make different pairs', async () => {
      const connection = await aConnection();
      const uris = [
        'https://acme.test/Items/1?q=%20a',
        'https://acme.test/items/1?q=%20a',
        'https://acme.test/é/1',
      ];
      for (const uri of uris) await store().previews.record(aPreview(connection.id, { uri }));
      for (const uri of uris)
        expect((await store().previews.listOfUri(uri)).map((p) => p.uri)).toEqual([uri]);
    });

    it('deletes a pair: true when it existed, false after', async () => {
      const connection = await aConnection();
      const preview = aPreview(connection.id);
      const other = aPreview(connection.id);
      await store().previews.record(preview);
      await store().previews.record(other);
      expect(await store().previews.delete(connection.id, preview.uri)).toBe(true);
      expect(await store().previews.delete(connection.id, preview.uri)).toBe(false);
      expect(await store().previews.listOfConnection(connection.id)).toEqual([other]);
      expect(await store().previews.delete('no-such-connection', other.uri)).toBe(false);
    });

    it('lists the pairs of a rule, oldest unfurl first, and only that rule', async () => {
      const [c1, c2] = [await aConnection(), await aConnection()];
      const later = aPreview(c1.id, {
        ruleName: 'item',
        createdAt: T0 + MINUTE,
        lastUnfurledAt: T0 + MINUTE,
      });
      const earlier = aPreview(c2.id, { ruleName: 'item' });
      const otherRule = aPreview(c1.id, { ruleName: 'item-v2' });
      for (const p of [later, earlier, otherRule]) await store().previews.record(p);
      expect(await store().previews.listOfRule('item')).toEqual([earlier, later]);
      expect(await store().previews.listOfRule('item-v2')).toEqual([otherRule]);
      expect(await store().previews.listOfRule('Item')).toEqual([]);

      // A pair follows its latest unfurl's rule.
      await store().previews.record({ ...otherRule, ruleName: 'item', lastUnfurledAt: T0 + 2 * MINUTE });
      expect(await store().previews.listOfRule('item-v2')).toEqual([]);
      expect(sorted(await store().previews.listOfRule('item'))).toEqual(
        sorted([earlier, later, { ...otherRule, ruleName: 'item', lastUnfurledAt: T0 + 2 * MINUTE }]),
      );
    });

    it('refuses a preview of a connection that does not exist', async () => {
      await expect(store().previews.record(aPreview('no-such-connection'))).rejects.toThrow();
    });
  });
}
