import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/index.js';

describe('seedConnections (benchmarks)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, storage: 'memory', logger: false });
  });
  afterAll(async () => {
    await emulator.close();
  });

  const patch = (token: string, uri: string) =>
    fetch(`${emulator.url}/v1/external/object`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${token}`,
        'notion-version': '2022-06-28',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        uri,
        operations: [
          {
            path: ['attributes'],
            set: [{ id: 'title', name: 'Title', inline: { title: { value: 'Seeded', section: 'title' } } }],
          },
        ],
      }),
    });

  it('makes connections whose tokens may PATCH the seeded uri, and only that uri', async () => {
    const seeded = await emulator.seedConnections({ count: 3, uri: 'https://acme.com/items/1' });
    expect(new Set(seeded.map((c) => c.notionToken)).size).toBe(3);
    for (const connection of seeded)
      expect((await patch(connection.notionToken, 'https://acme.com/items/1')).status).toBe(200);
    expect((await patch(seeded[0]!.notionToken, 'https://acme.com/items/2')).status).toBe(404);
    expect((await patch('secret_unknown', 'https://acme.com/items/1')).status).toBe(401);
  });
});
