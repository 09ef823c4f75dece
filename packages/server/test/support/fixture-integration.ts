import { dev, plainText, title } from '@unfurlkit/core';
import { defineIntegration, forbidden, notFound } from '../../src/index.js';

/** Secret text a resolver throws with: it must reach the log and never the response. */
export const RESOLVER_SECRET = 'db-password=hunter2-resolver-detail';

const items: Record<string, { title: string; owner?: string }> = {
  '1': { title: 'Private plan', owner: 'alice' },
  '7': { title: 'Public item' },
};

/**
 * An integration exercising every resolver outcome: attributes, 403, 404, a throw, a hang, and attributes that
 * break the protocol. The signed-in person comes from a `test_user` cookie; without it, `/login`.
 */
export const fixtureIntegration = defineIntegration({
  name: 'Fixture',
  developer: 'Fixture Inc',
  rules: [
    {
      name: 'item',
      pattern: '^https:\\/\\/fixture\\.test\\/items\\/(?<id>\\d+)$',
      samples: ['https://fixture.test/items/7'],
      placeholder: [
        { id: 'title', name: 'Title', inline: { title: { value: 'Item $<id>', section: 'title' } } },
      ],
      resolve({ groups, account }) {
        const item = items[groups.id ?? ''];
        if (!item) return notFound();
        if (item.owner && item.owner !== account.id) return forbidden();
        return [
          title(item.title),
          plainText({ id: 'viewer', name: 'Viewer', value: account.name, section: 'primary' }),
        ];
      },
    },
    {
      name: 'boom',
      pattern: '^https:\\/\\/fixture\\.test\\/boom$',
      samples: ['https://fixture.test/boom'],
      resolve() {
        throw new Error(RESOLVER_SECRET);
      },
    },
    {
      name: 'hang',
      pattern: '^https:\\/\\/fixture\\.test\\/hang$',
      samples: ['https://fixture.test/hang'],
      resolve: () => new Promise(() => {}),
    },
    {
      name: 'invalid',
      pattern: '^https:\\/\\/fixture\\.test\\/invalid$',
      samples: ['https://fixture.test/invalid'],
      resolve: () => [
        dev('Fixture Inc'),
        plainText({ id: 'x', name: 'X', value: 'no title here', section: 'body' }),
      ],
    },
  ],
  authenticate(request, { returnTo }) {
    const user = (request as { cookies?: Record<string, string | undefined> }).cookies?.test_user;
    return user
      ? { account: { id: user, name: `${user} (fixture)` } }
      : { signInUrl: `/login?next=${encodeURIComponent(returnTo)}` };
  },
});
