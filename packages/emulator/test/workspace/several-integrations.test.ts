import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/index.js';
import {
  type FixtureIntegration,
  itemUri,
  startFixtureIntegration,
} from '../fixtures/fixture-integration.js';
import { connectOverHttp, type Harness, jsonRequest, refresh, titleOf } from '../support/harness.js';

const SECOND = {
  name: 'Second',
  domain: 'second.test',
  notionClientId: 'second-notion-client-id',
  notionClientSecret: 'second-notion-client-secret',
};

interface ConnectionJson {
  id: string;
  integrationId: string;
  integrationName: string | null;
  externalKey: string;
}

/** Two integrations registered side by side in one emulator, as a workspace has them. */
describe('several integrations in one emulator', () => {
  let emulator: RunningEmulator | undefined;
  const fixtures: FixtureIntegration[] = [];
  afterEach(async () => {
    await emulator?.close();
    await Promise.all(fixtures.splice(0).map((f) => f.close()));
    emulator = undefined;
  });

  async function start(): Promise<{ first: Harness; second: Harness; emulator: RunningEmulator }> {
    const a = await startFixtureIntegration();
    const b = await startFixtureIntegration(SECOND);
    fixtures.push(a, b);
    a.setTitlePrefix('Alpha');
    b.setTitlePrefix('Beta');
    emulator = await startEmulator({
      port: 0,
      storage: 'memory',
      logger: false,
      integrations: [a.settings(), b.settings()],
    });
    a.setEmulatorUrl(emulator.url);
    b.setEmulatorUrl(emulator.url);
    const close = async () => {};
    return { first: { emulator, fixture: a, close }, second: { emulator, fixture: b, close }, emulator };
  }

  it('routes each link to its integration, connects each, and PATCHes land on each one’s previews', async () => {
    const { first, second, emulator } = await start();
    const firstUri = itemUri(1);
    const secondUri = itemUri(2, SECOND.domain);
    // Ada has no connection to either: each paste goes through its own integration's Authorize URL.
    const one = await connectOverHttp(first, { uri: firstUri });
    expect(one.authorizeUrl.origin).toBe(first.fixture.url);
    expect(one.callbackStatus).toBe(303);
    const two = await connectOverHttp(second, { uri: secondUri });
    expect(two.authorizeUrl.origin).toBe(second.fixture.url);
    expect(two.callbackStatus).toBe(303);

    const shown = await refresh(first);
    expect(shown.map((p) => [p.uri, p.state, titleOf(p)])).toEqual([
      [firstUri, 'ready', 'Alpha 1'],
      [secondUri, 'ready', 'Beta 2'],
    ]);
    const unfurled = (f: FixtureIntegration) =>
      f.calls.filter((c) => c.path === '/unfurl').map((c) => (c.body as { uri: string }).uri);
    expect(new Set(unfurled(first.fixture))).toEqual(new Set([firstUri]));
    expect(new Set(unfurled(second.fixture))).toEqual(new Set([secondUri]));

    const { connections } = (await jsonRequest(`${emulator.url}/api/connections?person=ada`)).body as {
      connections: ConnectionJson[];
    };
    expect(connections.map((c) => c.integrationName)).toEqual(['Fixture', 'Second']);
    expect(new Set(connections.map((c) => c.integrationId)).size).toBe(2);
    const page = (await jsonRequest(`${emulator.url}/?person=ada`)).text.replace(/<[^>]+>/g, ' ');
    expect(page).toMatch(/Fixture account\s+Fixture User/);
    expect(page).toMatch(/Second account\s+Fixture User/);
    await emulator.idle(); // the visit re-asks each integration (Notion's refresh): let it finish first

    // Each integration's Notion token updates its own previews, and only those.
    const patch = (token: string | undefined, uri: string, title: string) =>
      jsonRequest(`${emulator.url}/v1/external/object`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'notion-version': '2022-06-28' },
        body: {
          uri,
          operations: [
            {
              path: ['attributes'],
              set: [{ id: 'title', name: 'Title', inline: { title: { value: title, section: 'title' } } }],
            },
          ],
        },
      });
    const firstToken = first.fixture.notionTokens.get('fixture-user-1');
    const secondToken = second.fixture.notionTokens.get('fixture-user-1');
    expect(firstToken).not.toBe(secondToken);
    expect((await patch(firstToken, firstUri, 'Alpha pushed')).status).toBe(200);
    expect((await patch(secondToken, secondUri, 'Beta pushed')).status).toBe(200);
    expect((await patch(secondToken, firstUri, 'wrong')).body).toMatchObject({ code: 'object_not_found' });
    const after = (await jsonRequest(`${emulator.url}/api/previews?person=ada`)).body as {
      previews: Parameters<typeof titleOf>[0][];
    };
    expect(after.previews.map(titleOf)).toEqual(['Alpha pushed', 'Beta pushed']);

    // The traffic log says which integration each entry concerns.
    const traffic = emulator.traffic();
    const byKind = (kind: string) => traffic.filter((e) => e.kind === kind).map((e) => e.integration);
    expect(new Set(byKind('oauth-token'))).toEqual(new Set(['Fixture', 'Second']));
    for (const entry of traffic.filter((e) => e.kind === 'unfurl')) {
      expect(entry.integration).toBe(entry.url.startsWith(first.fixture.url) ? 'Fixture' : 'Second');
    }
    expect(traffic.filter((e) => e.kind === 'external-object').map((e) => e.integration)).toEqual([
      'Fixture',
      'Second',
      'Second',
    ]);

    // The single-integration contract speaks of the first one.
    expect(emulator.settings().name).toBe('Fixture');
    expect(emulator.notionCredentials().clientId).toBe(first.fixture.settings().notionClientId);
    expect(emulator.integrations().map((i) => i.name)).toEqual(['Fixture', 'Second']);
  });

  it('shows a link no rule matches as a plain link card, fetching nothing', async () => {
    const { emulator } = await start();
    const pasted = await jsonRequest(`${emulator.url}/api/paste`, {
      method: 'POST',
      body: { uri: 'https://elsewhere.test/page?q=1', person: 'ben' },
    });
    expect(pasted.body).toMatchObject({ authorizeUrl: null, preview: { integrationId: null } });
    await emulator.idle();
    const page = (await jsonRequest(`${emulator.url}/?person=ben`)).text;
    expect(page).toContain('data-state="link"');
    expect(page).toContain('data-testid="preview-link" href="https://elsewhere.test/page?q=1"');
    expect(emulator.traffic().filter((e) => e.url.includes('elsewhere.test'))).toEqual([]);
    expect(fixtures.flatMap((f) => f.calls)).toEqual([]);
  });

  it('replaces the list over GET/PUT /api/integrations, keeping ids, and refuses duplicate names', async () => {
    const { emulator } = await start();
    const got = (await jsonRequest(`${emulator.url}/api/integrations`)).body as {
      integrations: Array<{ id: string; name: string; notionClientSecret: string }>;
    };
    expect(got.integrations.map((i) => i.name)).toEqual(['Fixture', 'Second']);
    expect(got.integrations[1]?.notionClientSecret).toMatch(/^•+/);
    const reversed = [...got.integrations].reverse();
    const put = await jsonRequest(`${emulator.url}/api/integrations`, {
      method: 'PUT',
      body: { integrations: reversed },
    });
    expect(put.status).toBe(200);
    expect((put.body as typeof got).integrations.map((i) => i.id)).toEqual(reversed.map((i) => i.id));
    expect(emulator.integrations()[0]?.notionClientSecret).toBe(SECOND.notionClientSecret);
    const twice = await jsonRequest(`${emulator.url}/api/integrations`, {
      method: 'PUT',
      body: [got.integrations[0], { ...got.integrations[1], id: undefined, name: 'Fixture' }],
    });
    expect(twice.status).toBe(400);
    expect((twice.body as { problems: string[] }).problems.join(' ')).toMatch(
      /two integrations are named "Fixture"/,
    );
  });
});
