import { describe, expect, it } from 'vitest';
import { PEOPLE } from '../runtime/people.js';
import type { Connection } from '../store/connection-store.js';
import { renderLiveRegion } from './workspace-page.js';

const connection: Connection = {
  id: 'c1',
  integrationId: 'default',
  person: 'ben',
  externalKey: 'bob',
  externalName: 'bob',
  botId: 'bot',
  exchanged: true,
  pending: false,
  notionTokenExpiresAt: null,
  notionTokenIssuedAt: Date.UTC(2026, 0, 1),
  hasNotionRefreshToken: false,
  integrationAccessToken: null,
  integrationRefreshToken: null,
  integrationExpiresAt: null,
  warnings: [],
  createdAt: Date.UTC(2026, 0, 1),
  updatedAt: Date.UTC(2026, 0, 1),
};

describe('"My connections"', () => {
  it('says which account of the integration each connection belongs to, and who connected it', () => {
    const view = {
      person: PEOPLE[1]!,
      csrf: 'csrf',
      integrations: [{ id: 'default', settings: { name: 'Acme' } } as never],
      previews: [],
      connections: [connection],
    };
    const text = renderLiveRegion(view)
      .value.replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Acme account bob · connected by Ben · since 2026-01-01 00:00');
  });
});
