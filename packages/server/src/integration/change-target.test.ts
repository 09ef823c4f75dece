import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileUrlRule } from '@unfurlkit/core/redos';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { IntegrationStore } from '../store/store.js';
import { previewsOf } from './change-target.js';

const T0 = Date.UTC(2026, 0, 1);

const rules = [
  compileUrlRule({
    name: 'item',
    pattern: '^https:\\/\\/acme\\.com\\/(?<team>[a-z]+)\\/items\\/(?<itemNo>\\d+)$',
    samples: ['https://acme.com/red/items/1'],
  }),
  compileUrlRule({
    name: 'page',
    pattern: '^https:\\/\\/acme\\.com\\/pages\\/(?<slug>[a-z-]+)$',
    samples: ['https://acme.com/pages/about'],
  }),
];

let dir: string;
let store: IntegrationStore;
let alice: string;
let bob: string;

async function connection(accountId: string): Promise<string> {
  const record = await store.connections.upsert(
    {
      accountId,
      accountName: accountId,
      botId: `bot-${accountId}`,
      workspaceId: 'workspace-1',
      workspaceName: null,
      workspaceIcon: null,
      accessToken: { keyId: 'k1', sealed: 'opaque' },
    },
    T0,
  );
  return record.id;
}

async function shown(connectionId: string, uri: string, ruleName: string): Promise<void> {
  await store.previews.record({
    connectionId,
    uri,
    ruleName,
    accountId: 'x',
    createdAt: T0,
    lastUnfurledAt: T0,
  });
}

const sorted = (pairs: Array<{ connectionId: string; uri: string }>) =>
  [...pairs].sort((a, b) => `${a.connectionId} ${a.uri}`.localeCompare(`${b.connectionId} ${b.uri}`));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-change-target-'));
  store = await openStore(`sqlite:${join(dir, 'x.db')}`);
  alice = await connection('alice');
  bob = await connection('bob');
  await shown(alice, 'https://acme.com/red/items/1', 'item');
  await shown(alice, 'https://acme.com/blue/items/1', 'item');
  await shown(alice, 'https://acme.com/red/items/2', 'item');
  await shown(bob, 'https://acme.com/red/items/1', 'item');
  await shown(bob, 'https://acme.com/pages/about', 'page');
  // Recorded under "item" by an older version of the rule; the current pattern no longer matches it.
  await shown(bob, 'https://acme.com/items/1', 'item');
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('previewsOf', () => {
  it('a uri: every connection showing exactly that uri', async () => {
    expect(sorted(await previewsOf('https://acme.com/red/items/1', store, rules))).toEqual(
      sorted([
        { connectionId: alice, uri: 'https://acme.com/red/items/1' },
        { connectionId: bob, uri: 'https://acme.com/red/items/1' },
      ]),
    );
    expect(await previewsOf('https://acme.com/pages/about', store, rules)).toEqual([
      { connectionId: bob, uri: 'https://acme.com/pages/about' },
    ]);
    expect(await previewsOf('https://acme.com/red/items/99', store, rules)).toEqual([]);
    // No normalisation: the uri Notion showed is the key.
    expect(await previewsOf('https://acme.com/red/items/1/', store, rules)).toEqual([]);
  });

  it('a rule and groups: only the previews of that rule whose groups all match', async () => {
    expect(sorted(await previewsOf({ rule: 'item', groups: { itemNo: '1' } }, store, rules))).toEqual(
      sorted([
        { connectionId: alice, uri: 'https://acme.com/red/items/1' },
        { connectionId: alice, uri: 'https://acme.com/blue/items/1' },
        { connectionId: bob, uri: 'https://acme.com/red/items/1' },
      ]),
    );
    expect(
      sorted(await previewsOf({ rule: 'item', groups: { itemNo: '1', team: 'red' } }, store, rules)),
    ).toEqual(
      sorted([
        { connectionId: alice, uri: 'https://acme.com/red/items/1' },
        { connectionId: bob, uri: 'https://acme.com/red/items/1' },
      ]),
    );
    expect(await previewsOf({ rule: 'item', groups: { itemNo: '2', team: 'blue' } }, store, rules)).toEqual(
      [],
    );
    expect(await previewsOf({ rule: 'page', groups: { slug: 'about' } }, store, rules)).toEqual([
      { connectionId: bob, uri: 'https://acme.com/pages/about' },
    ]);
  });

  it('groups compare whole values, not prefixes or patterns', async () => {
    expect(await previewsOf({ rule: 'item', groups: { itemNo: '' } }, store, rules)).toEqual([]);
    expect(await previewsOf({ rule: 'item', groups: { itemNo: '1*' } }, store, rules)).toEqual([]);
    expect(await previewsOf({ rule: 'item', groups: { team: 're' } }, store, rules)).toEqual([]);
  });

  it('empty groups: every preview of the rule that its pattern still matches', async () => {
    const all = await previewsOf({ rule: 'item', groups: {} }, store, rules);
    expect(all.map((pair) => pair.uri).sort()).toEqual([
      'https://acme.com/blue/items/1',
      'https://acme.com/red/items/1',
      'https://acme.com/red/items/1',
      'https://acme.com/red/items/2',
    ]);
  });

  it('accepts numbers from JavaScript callers as group values', async () => {
    const groups = { itemNo: 2 } as unknown as Record<string, string>;
    expect(await previewsOf({ rule: 'item', groups }, store, rules)).toEqual([
      { connectionId: alice, uri: 'https://acme.com/red/items/2' },
    ]);
  });

  it('an unknown rule is a RangeError naming it', async () => {
    await expect(previewsOf({ rule: 'itme', groups: { itemNo: '1' } }, store, rules)).rejects.toThrow(
      new RangeError('changed(): there is no rule named "itme"'),
    );
  });

  it('a group the rule does not have is a RangeError, not a silent "nothing to update"', async () => {
    const attempt = previewsOf({ rule: 'item', groups: { itemId: '1' } }, store, rules);
    await expect(attempt).rejects.toBeInstanceOf(RangeError);
    await expect(attempt).rejects.toThrow(/rule "item" has no group named "itemId".*itemNo/);
  });
});
