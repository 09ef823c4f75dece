import type { ConfigInput } from 'unfurlkit';
import { startTestbed, type Testbed } from 'unfurlkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createAcmeIntegration } from '../src/integration.js';
import { editItem, eventually, json, type Person, previewsOf, titleOf } from './support/connect-person.js';

const ITEM = 'https://acme.com/items/23487';
const PRIVATE_ITEM = 'https://acme.com/items/1';

interface TrafficEntry {
  direction: string;
  method: string;
  url: string;
  status: number | null;
  at: string | number;
  requestBody: unknown;
}

/** Acme under unfurlkit/testing: its server and the emulator in this process, configured for each other. */
interface AcmeBed extends Testbed {
  acmeUrl: string;
  acme: Testbed['server'];
}

let bed: Testbed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function start(config: ConfigInput = {}): Promise<AcmeBed> {
  bed = await startTestbed({
    integration: createAcmeIntegration(),
    config: { UPDATES_BACKOFF_BASE_MS: 50, UPDATES_BACKOFF_CAP_MS: 200, UPDATES_POLL_MS: 50, ...config },
  });
  return { ...bed, acmeUrl: bed.serverUrl, acme: bed.server };
}

/** The testbed signs `user` in for Allow (no Acme login form), then `person` pastes each link. */
async function connectAndPaste(d: Testbed, person: Person, user: 'alice' | 'bob', uris: string[]) {
  await d.connect(person, { id: user, name: user });
  for (const uri of uris) await d.paste(uri, person);
}

async function patches(d: AcmeBed): Promise<TrafficEntry[]> {
  const { entries } = await json<{ entries: TrafficEntry[] }>(`${d.emulatorUrl}/traffic.json`);
  return entries.filter(
    (e) => e.direction === 'inbound' && e.method === 'PATCH' && e.url.includes('/v1/external/object'),
  );
}

const time = (entry: TrafficEntry) => (typeof entry.at === 'number' ? entry.at : Date.parse(entry.at));

describe('pushing changes to Notion', () => {
  it("an edit in Acme reaches the emulator's preview", async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    expect(titleOf((await previewsOf(d, 'ada'))[0])).toBe('Fix login bug');

    const { previewsQueued } = await editItem(d, '23487', {
      title: 'Fix the login bug for good',
      status: 'Done',
    });
    expect(previewsQueued).toBe(1);
    const delivery = await d.nextDelivery();
    expect(delivery).toMatchObject({ status: 200, uri: ITEM });
    expect(JSON.stringify(delivery.body)).toContain('Fix the login bug for good');
    const [preview] = await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'Fix the login bug for good',
    );
    const status = preview!.attributes!.find((a) => a.id === 'status');
    expect(status?.inline?.enum?.value).toBe('Done');
    expect((await patches(d)).every((p) => p.status === 200)).toBe(true);
  });

  it('1,000 edits of one item in a burst produce few PATCHes, and the last state wins', async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    for (let batch = 0; batch < 999; batch += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 999 - batch) }, (_, i) =>
          editItem(d, '23487', { title: `edit ${batch + i + 1}` }),
        ),
      );
    }
    await editItem(d, '23487', { title: 'edit 1000' });
    await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'edit 1000',
    );
    await json(`${d.emulatorUrl}/api/idle`, { method: 'POST', body: '{}' });
    const sent = await patches(d);
    expect(d.deliveries()).toHaveLength(sent.length);
    console.info(`1,000 edits → ${sent.length} PATCH request(s)`);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(20);
    const last = sent.at(-1)!;
    expect(JSON.stringify(last.requestBody)).toContain('edit 1000');
  });

  it('waits out a 429 with Retry-After: 1 and loses nothing', async () => {
    const d = await start({
      UPDATES_RATE_PER_CONNECTION: 0,
      UPDATES_RATE_PER_INTEGRATION: 0,
      UPDATES_COALESCE_MS: 0,
      // Retry-After is honoured up to the backoff cap: above 1 s here, or the test's 200 ms cap would retry first.
      UPDATES_BACKOFF_CAP_MS: 5_000,
    });
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    // One PATCH a second, no burst: the second update in a row is refused with Retry-After: 1.
    d.emulator.setRateLimit(60, 1);
    await editItem(d, '23487', { title: 'first' });
    await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'first',
    );
    await editItem(d, '23487', { title: 'second' });
    await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'second',
    );

    const sent = await patches(d);
    const refused = sent.findIndex((p) => p.status === 429);
    expect(refused).toBeGreaterThan(-1);
    const delivered = sent.slice(refused + 1).find((p) => p.status === 200);
    expect(delivered).toBeDefined();
    // The server itself waited: its very next PATCH came a second later, not an early retry refused again.
    const next = sent[refused + 1]!;
    expect(time(next) - time(sent[refused]!)).toBeGreaterThanOrEqual(950);
    expect(time(delivered!) - time(sent[refused]!)).toBeGreaterThanOrEqual(950);
    expect(JSON.stringify(delivered!.requestBody)).toContain('second');
  });

  it('retries injected 503s until Notion accepts the update', async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    d.emulator.setFaults({ share: 1, statuses: [503] });
    await editItem(d, '23487', { title: 'after the outage' });
    await eventually(
      () => patches(d),
      (sent) => sent.filter((p) => p.status === 503).length >= 2,
    );
    d.emulator.setFaults({ share: 0 });
    await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'after the outage',
    );
    const counts = await d.acme.updates.metrics.registry.getSingleMetricAsString(
      'unfurlkit_delivery_retries_total',
    );
    expect(counts).toMatch(/reason="transient"} [2-9]/);
  });

  it('a 401 from Notion marks the connection revoked and stops its rows', async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    // Notion forgets the token (the person removed the integration on Notion's side): PATCHes answer 401.
    const [preview] = await previewsOf(d, 'ada');
    expect(await d.emulator.revokeNotionToken(preview!.connectionId)).toBe(true);
    await editItem(d, '23487', { title: 'nobody will see this' });
    await eventually(
      () => patches(d),
      (sent) => sent.some((p) => p.status === 401),
    );
    await eventually(
      () => d.acme.store.outbox.count(),
      (counts) => counts.pending === 0 && counts.failed === 0,
    );
    const before = (await patches(d)).length;
    expect((await editItem(d, '23487', { title: 'still nobody' })).previewsQueued).toBe(0);
    expect((await patches(d)).length).toBe(before);
  });

  it("bob's connection never receives alice's private data: he gets the 403 error operation", async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [PRIVATE_ITEM]);
    await connectAndPaste(d, 'ben', 'bob', [PRIVATE_ITEM]);
    expect((await previewsOf(d, 'ben'))[0]!.error).toMatchObject({ status: 403 });

    const { previewsQueued } = await editItem(d, '1', { title: 'Q3 launch: secret dates' });
    expect(previewsQueued).toBe(2);
    await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'Q3 launch: secret dates',
    );
    await eventually(
      () => patches(d),
      (sent) => sent.filter((p) => p.status === 200).length >= 2,
    );
    const [bobs] = await previewsOf(d, 'ben');
    expect(bobs!.error).toMatchObject({ status: 403 });
    expect(JSON.stringify(bobs)).not.toContain('secret dates');
    const carrying = (await patches(d)).filter((p) => JSON.stringify(p.requestBody).includes('secret dates'));
    expect(carrying).toHaveLength(1);
  });

  it('a deleted item becomes a 404 error card, and a later success clears it', async () => {
    const d = await start();
    await connectAndPaste(d, 'ada', 'alice', [ITEM]);
    await json(`${d.acmeUrl}/api/items/23487`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from('alice:alice').toString('base64')}` },
    });
    await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => p?.error?.status === 404,
    );
    await editItem(d, '23487', { title: 'Back again' });
    const [preview] = await eventually(
      () => previewsOf(d, 'ada'),
      ([p]) => titleOf(p) === 'Back again',
    );
    expect(preview!.error).toBeNull();
  });
});
